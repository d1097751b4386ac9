"use client";

import { setAgentStatusAction } from "@/app/(console)/agents/actions";
import { ConfirmActionButton } from "@/components/forms/confirm-action-button";

/** Disables an agent (every key refused on every replica within a second) or enables it again. */
export function AgentStatusButton({ agentId, name, status }: { agentId: string; name: string; status: "active" | "disabled" }) {
  return status === "active" ? (
    <ConfirmActionButton
      action={setAgentStatusAction}
      input={{ agentId, status: "disabled" as const }}
      label="Disable agent"
      title={`Disable ${name}?`}
      description="Every request with this agent's keys is refused from now on, until it is enabled again. Its keys are kept."
      confirm="Disable agent"
      pending="Disabling…"
    />
  ) : (
    <ConfirmActionButton
      action={setAgentStatusAction}
      input={{ agentId, status: "active" as const }}
      variant="secondary"
      label="Enable agent"
      title={`Enable ${name}?`}
      description="This agent's unrevoked keys work again."
      confirm="Enable agent"
      pending="Enabling…"
    />
  );
}
