import picomatch from "picomatch";
import { z } from "zod";
import { ROLES } from "../auth/permissions";

// The policy document's structure. Strict: unknown keys, wrong types, missing fields,
// bad durations and bad globs are all load errors, each with its path in the document.

export const API_VERSION = "gatehouse.dev/v1";
export const KIND = "Policy";

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "1h30m" → 5400; undefined when it is not a positive duration. */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+[smhd])+$/.test(text)) return undefined;
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([smhd])/g)) total += Number(n) * (UNITS[unit!] ?? 0);
  return total > 0 ? total : undefined;
}

const duration = z.string().transform((text, ctx) => {
  const seconds = parseDuration(text);
  if (seconds === undefined) {
    ctx.addIssue({
      code: "custom",
      message: `invalid duration "${text}": expected a positive number with a unit s, m, h or d, e.g. "30m" or "1h30m"`,
    });
    return z.NEVER;
  }
  return seconds;
});

const glob = z
  .string()
  .min(1)
  .superRefine((pattern, ctx) => {
    try {
      picomatch.makeRe(pattern, { dot: true, strictBrackets: true });
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `invalid glob "${pattern}": ${(error as Error).message}` });
    }
  });
const globs = z.array(glob).min(1);

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: "expected an id of letters, digits, '.', '_' or '-'" });

const obj = <T extends z.core.$ZodLooseShape>(shape: T) => z.strictObject(shape);

export const EffectSchema = z.enum(["allow", "deny", "require_approval"]);

const Approvers = obj({
  roles: z.array(z.enum(ROLES)).default([]),
  users: z.array(z.string().min(1)).default([]),
  groups: z.array(z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, "a group is lowercase letters, digits, '.', '_' or '-'")).default([]),
}).refine((a) => a.roles.length + a.users.length + a.groups.length > 0, { error: "expected at least one role, user or group" });

const Step = obj({
  approvers: Approvers,
  quorum: z.number().int().positive().default(1),
  timeout: duration,
  onTimeout: z.enum(["escalate", "approve", "deny"]).default("deny"),
  escalateTo: Approvers.optional(),
});

export const ApprovalSchema = obj({
  steps: z.array(Step).min(1),
  expiresIn: duration.default(86_400),
  barOwner: z.boolean().default(false),
});

const Match = obj({ actions: globs, resources: globs.optional() });

const Rule = obj({
  id,
  description: z.string().optional(),
  match: Match,
  when: z.string().min(1).optional(),
  effect: EffectSchema,
  approval: ApprovalSchema.optional(),
});

const limitCommon = {
  id,
  description: z.string().optional(),
  match: obj({ actions: globs.optional(), resources: globs.optional() }).optional(),
  effect: z.enum(["deny", "require_approval"]).optional(),
  approval: ApprovalSchema.optional(),
};
const money = z.number().nonnegative();

export const LimitSchema = z.discriminatedUnion("type", [
  obj({
    ...limitCommon,
    type: z.literal("rate"),
    max: z.number().int().positive(),
    window: duration,
    per: z.enum(["agent", "action_type", "agent_and_action_type"]).default("agent"),
  }),
  obj({ ...limitCommon, type: z.literal("budget"), max: money, period: z.enum(["day", "month"]), currency: z.string().min(1).optional() }),
  obj({ ...limitCommon, type: z.literal("cost"), maxPerAction: money, currency: z.string().min(1).optional() }),
  obj({
    ...limitCommon,
    type: z.literal("scope"),
    resources: globs.optional(),
    environments: z.array(z.string().min(1)).min(1).optional(),
  }).refine((l) => l.resources || l.environments, { error: "a scope limit needs resources and/or environments" }),
  obj({
    ...limitCommon,
    type: z.literal("impact"),
    maxRecords: z.number().int().nonnegative().optional(),
    maxAmount: money.optional(),
  }).refine((l) => l.maxRecords !== undefined || l.maxAmount !== undefined, { error: "an impact limit needs maxRecords and/or maxAmount" }),
]);

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { error: "expected an ISO 8601 time, e.g. 2025-01-06T12:00:00Z" });
const TestAgent = z.preprocess(
  (v) => (typeof v === "string" ? { name: v } : v),
  obj({ name: z.string().min(1), labels: z.record(z.string(), z.string()).default({}) }),
);

const Test = obj({
  name: z.string().min(1),
  input: obj({
    agent: TestAgent,
    action: obj({
      type: z.string().min(1),
      resource: z.string(),
      params: z.record(z.string(), z.unknown()).default({}),
      cost: obj({ amount: z.number(), currency: z.string().default("") }).optional(),
      impact: obj({ records: z.number().optional(), amount: z.number().optional() }).optional(),
      context: z.record(z.string(), z.unknown()).optional(),
    }),
    now: isoTime.optional(),
    usage: z.record(z.string(), obj({ count: z.number().int().nonnegative().default(0), amount: money.default(0) })).optional(),
  }),
  expect: obj({ effect: EffectSchema, rule: z.string().nullable().optional(), policy: z.string().nullable().optional() }),
});

export const PolicySchema = obj({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal(KIND),
  metadata: obj({ name: id, description: z.string().optional() }),
  spec: obj({
    agents: obj({ names: globs.optional(), labels: z.record(z.string(), z.string()).optional() }).refine((a) => a.names || a.labels, {
      error: "expected names and/or labels",
    }),
    defaults: obj({ approval: ApprovalSchema.optional() }).optional(),
    rules: z.array(Rule).default([]),
    limits: z.array(LimitSchema).default([]),
    tests: z.array(Test).default([]),
  }),
});

export type PolicyDoc = z.output<typeof PolicySchema>;
export type RuleDoc = PolicyDoc["spec"]["rules"][number];
export type LimitDoc = z.output<typeof LimitSchema>;
export type ApprovalDoc = z.output<typeof ApprovalSchema>;
export type TestDoc = PolicyDoc["spec"]["tests"][number];

const describe = (v: unknown) =>
  v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "a map" : `${typeof v} ${JSON.stringify(v)}`;

/** Messages that say what was expected, in the words of the policy file. */
export const errorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case "invalid_type":
      if (iss.input === undefined) return "missing required field";
      return `expected ${iss.expected === "object" ? "a map" : iss.expected === "array" ? "a list" : iss.expected}, got ${describe(iss.input)}`;
    case "invalid_value":
      return iss.values.length === 1
        ? `expected ${JSON.stringify(iss.values[0])}, got ${describe(iss.input)}`
        : `expected one of ${iss.values.map((v) => JSON.stringify(v)).join(", ")}, got ${describe(iss.input)}`;
    case "too_small":
      return iss.origin === "array"
        ? `expected at least ${iss.minimum} item(s)`
        : iss.origin === "string"
          ? "expected a non-empty string"
          : `expected a value ${iss.inclusive ? ">=" : ">"} ${iss.minimum}`;
    case "invalid_union":
      if ("discriminator" in iss && iss.discriminator)
        return `expected ${iss.discriminator} to be one of ${(iss.options as unknown[]).map((o) => JSON.stringify(o)).join(", ")}`;
      return undefined;
    case "unrecognized_keys": {
      const def = (iss.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def;
      return `unknown key; expected one of: ${Object.keys(def?.shape ?? {}).join(", ")}`;
    }
    default:
      return undefined;
  }
};
