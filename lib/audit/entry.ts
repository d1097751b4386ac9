import { createHash, randomBytes } from "node:crypto";
import canonicalize from "canonicalize";
import type { Effect } from "../policy/types";
import { decisionLabel, type AuditEventType, type EffectLabelledType } from "./events";
import { commitFields, splitFields, type EntryContent } from "./leaf";

// An audit event and its canonical form. The canonical JSON (RFC 8785) is what gets
// hashed and, later, sequenced into the Merkle tree, so it is stored verbatim; the data it
// commits to is kept beside it, removable (leaf.ts).

export type Actor =
  | { type: "user"; id: string; label: string }
  | { type: "agent"; id: string; label: string }
  | { type: "system"; id?: undefined; label: string };

export const userActor = (user: { id: string; email: string }): Actor => ({ type: "user", id: user.id, label: user.email });
export const agentActor = (agent: { id: string; name: string }): Actor => ({ type: "agent", id: agent.id, label: agent.name });
/** Gatehouse itself, named by the part that acted ("policy-engine", "approvals", "oidc"). */
export const systemActor = (label: string): Actor => ({ type: "system", label });
export const SYSTEM: Actor = systemActor("gatehouse");

/** An event of a type in the catalogue (./events.ts), which fixes its decision label. */
export type AuditEvent = {
  actor: Actor;
  subject?: { type: string; id: string };
  agentId?: string;
  data?: Record<string, unknown>;
} & (
  | { type: Exclude<AuditEventType, EffectLabelledType>; effect?: undefined }
  | { type: EffectLabelledType; /** the policy's effect, the entry's label */ effect: Effect }
);

export type AuditRecord = {
  createdAt: Date;
  actorType: Actor["type"];
  actorId: string | null;
  actorLabel: string;
  eventType: string;
  subjectType: string | null;
  subjectId: string | null;
  agentId: string | null;
  decision: string | null;
  canonical: string;
  payloadHash: string;
  content: EntryContent;
};

export type RecordOptions = {
  /** Data paths that are fields of their own, so erasure can remove them alone (GATEHOUSE_ERASURE_PATHS). */
  erasurePaths?: readonly string[][];
  /** A fresh random salt per field (hex); tests pass a fixed one. */
  salt?: () => string;
};

const randomSalt = () => randomBytes(16).toString("hex");

/** A v2 record (see leaf.ts): the canonical JSON commits to each field of the data, kept beside it as `content`. */
export function toAuditRecord(event: AuditEvent, at: Date, options: RecordOptions = {}): AuditRecord {
  const decision = decisionLabel(event.type, event.effect);
  const { commitments, content } = commitFields(splitFields(event.data ?? {}, options.erasurePaths ?? []), options.salt ?? randomSalt);
  const canonical = canonicalize({
    v: 2,
    at: at.toISOString(),
    type: event.type,
    actor: event.actor,
    subject: event.subject ?? null,
    agentId: event.agentId ?? null,
    decision,
    fields: commitments,
  });
  if (canonical === undefined) throw new TypeError("audit event is not serialisable");
  return {
    createdAt: at,
    actorType: event.actor.type,
    actorId: event.actor.id ?? null,
    actorLabel: event.actor.label,
    eventType: event.type,
    subjectType: event.subject?.type ?? null,
    subjectId: event.subject?.id ?? null,
    agentId: event.agentId ?? null,
    decision,
    canonical,
    payloadHash: createHash("sha256").update(canonical).digest("hex"),
    content,
  };
}
