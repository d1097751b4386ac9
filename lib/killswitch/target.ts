import { z } from "zod";
import { ActionTypeSchema } from "../contracts/actions";

// What a kill switch halts: the fleet, one agent, or one action type (exact, or a
// glob with `*` such as `refund.*`).

export const KillSwitchTargetSchema = z.discriminatedUnion("scope", [
  z.strictObject({ scope: z.literal("global") }),
  z.strictObject({ scope: z.literal("agent"), agentId: z.uuid("Choose an agent") }),
  z.strictObject({
    scope: z.literal("action_type"),
    actionType: z.union([
      ActionTypeSchema,
      z.string().regex(/^[a-z0-9_.-]*\*$/, "use a type such as refund.issue or a glob such as refund.*"),
    ]),
  }),
]);
export type KillSwitchTarget = z.infer<typeof KillSwitchTargetSchema>;

export const EngageSchema = z.strictObject({
  target: KillSwitchTargetSchema,
  reason: z.string().trim().min(3, "Give a reason (at least 3 characters)").max(1000),
  autoReject: z.boolean().default(false),
});
export type EngageInput = z.input<typeof EngageSchema>;

export const ReleaseSchema = z.strictObject({
  id: z.uuid("Unknown kill switch"),
  reason: z.string().trim().min(3, "Give a reason (at least 3 characters)").max(1000),
});

/** Whether an action type falls under a kill switch's type (exact, or a glob where `*` is any text). */
export function typeMatchesGlob(type: string, glob: string): boolean {
  const pattern = glob
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${pattern}$`).test(type);
}

export function describeTarget(t: { scope: string; agentName?: string | null; actionType?: string | null }): string {
  if (t.scope === "global") return "the whole fleet";
  if (t.scope === "agent") return `agent ${t.agentName ?? "?"}`;
  return `action type ${t.actionType}`;
}
