"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userActor } from "@/lib/audit/entry";
import { createAgent, issueApiKey, revokeApiKey, setAgentStatus } from "@/lib/agents/service";
import { CreateAgentSchema, IssueKeySchema, RevokeKeySchema } from "@/lib/contracts/agents";
import { redeliver } from "@/lib/deliveries/service";
import { authedAction } from "@/lib/http/authed-action";

export const createAgentAction = authedAction(CreateAgentSchema, "agents:manage", async (input, user) => {
  const agent = await createAgent(input, userActor(user));
  revalidatePath("/agents");
  return { id: agent.id, name: agent.name };
});

export const issueKeyAction = authedAction(IssueKeySchema, "agents:manage", async (input, user) => {
  const { key, apiKey } = await issueApiKey(input, userActor(user));
  revalidatePath(`/agents/${input.agentId}`);
  return { key, prefix: apiKey.prefix };
});

export const revokeKeyAction = authedAction(RevokeKeySchema, "agents:manage", async ({ keyId }, user) => {
  const { agentId, apiKey } = await revokeApiKey({ keyId }, userActor(user));
  revalidatePath(`/agents/${agentId}`);
  return { prefix: apiKey.prefix };
});

const SetStatusSchema = z.object({ agentId: z.uuid(), status: z.enum(["active", "disabled"]) });

export const setAgentStatusAction = authedAction(SetStatusSchema, "agents:manage", async ({ agentId, status }, user) => {
  await setAgentStatus(agentId, status, userActor(user));
  revalidatePath(`/agents/${agentId}`);
  revalidatePath("/agents");
  return { status };
});

const RedeliverSchema = z.object({ deliveryId: z.uuid() });

export const redeliverAction = authedAction(RedeliverSchema, "agents:manage", async ({ deliveryId }, user) => {
  const { agentId } = await redeliver(deliveryId, userActor(user));
  if (agentId) revalidatePath(`/agents/${agentId}`);
  return { deliveryId };
});
