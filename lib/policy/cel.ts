import { Environment, type ASTNode, type ParseResult } from "@marcbachmann/cel-js";
import { processSlot } from "../process-singleton";
import type { DecisionInput } from "./types";

// CEL conditions (`when`). One environment with declared, typed variables, so that a
// misspelt field or a string compared with a number is a load error. Every expression
// is parsed and type-checked once, at compile time.
//
// Numbers: JSON numbers in params/context arrive as JS numbers. Whole numbers become CEL
// ints (BigInt) and the rest doubles; cel-js compares int and double across types, so
// `params.amount > 100` and `> 100.0` work for 250 and 250.5 alike, and int arithmetic
// (`params.qty * 2`) works for whole numbers.

class CelAction {
  constructor(
    readonly type: string,
    readonly resource: string,
  ) {}
}
class CelAgent {
  constructor(
    readonly name: string,
    readonly labels: Record<string, string>,
  ) {}
}
class CelCost {
  constructor(
    readonly amount: number,
    readonly currency: string,
  ) {}
}
class CelImpact {
  constructor(
    readonly records: bigint,
    readonly amount: number,
  ) {}
}

// One CEL runtime per process: Next.js bundles routes and server actions separately, so this
// module (and its classes) can exist several times in one process, while the compiled policy set
// is shared. A set compiled by one copy and given a context built by another failed with
// "Unsupported type" (the other copy's class); the environment and its value classes live in a
// process slot, so every copy compiles and builds contexts with the same ones.
const runtimeSlot = processSlot<{ environment: Environment; types: typeof TYPES }>("cel-runtime");
const TYPES = { CelAction, CelAgent, CelCost, CelImpact };

const runtime = () =>
  runtimeSlot.getOrCreate(() => ({
    types: TYPES,
    environment: new Environment({ homogeneousAggregateLiterals: false })
      .registerType("gatehouse.Action", { ctor: CelAction, fields: { type: "string", resource: "string" } })
      .registerType("gatehouse.Agent", { ctor: CelAgent, fields: { name: "string", labels: "map<string, string>" } })
      .registerType("gatehouse.Cost", { ctor: CelCost, fields: { amount: "double", currency: "string" } })
      .registerType("gatehouse.Impact", { ctor: CelImpact, fields: { records: "int", amount: "double" } })
      .registerVariable("action", "gatehouse.Action")
      .registerVariable("agent", "gatehouse.Agent")
      .registerVariable("cost", "gatehouse.Cost")
      .registerVariable("impact", "gatehouse.Impact")
      .registerVariable("params", "map<string, dyn>")
      .registerVariable("context", "map<string, dyn>")
      .registerVariable("now", "google.protobuf.Timestamp"),
  }));
const env = () => runtime().environment;

export type CelContext = Record<string, unknown>;

/** One conjunct of a `when`, for explanations: `params.amount (250) > 100`. */
type Part = { text: string; left?: { text: string; rest: string; program: ParseResult } };

export type Condition = { source: string; program: ParseResult; parts: Part[] };

export type CelCompileError = { kind: "syntax" | "type"; offset: number; message: string };

const COMPARISONS = new Set(["<", "<=", ">", ">=", "==", "!=", "in"]);

export function compileCondition(source: string): { ok: true; condition: Condition } | { ok: false; error: CelCompileError } {
  let program: ParseResult;
  try {
    program = env().parse(source);
  } catch (error) {
    return { ok: false, error: celError("syntax", error) };
  }
  const checked = program.check();
  if (!checked.valid) return { ok: false, error: celError("type", checked.error) };
  if (checked.type !== "bool" && checked.type !== "dyn") {
    return { ok: false, error: { kind: "type", offset: 0, message: `expected a bool expression, got ${checked.type}` } };
  }
  return { ok: true, condition: { source, program, parts: explainParts(program.ast, source) } };
}

function celError(kind: "syntax" | "type", error: unknown): CelCompileError {
  const e = error as { summary?: string; message?: string; range?: { start: number } } | undefined;
  return { kind, offset: e?.range?.start ?? 0, message: e?.summary ?? e?.message?.split("\n")[0] ?? String(error) };
}

function explainParts(ast: ASTNode, source: string): Part[] {
  const conjuncts: ASTNode[] = [];
  const flatten = (n: ASTNode): void => {
    if (n.op === "&&") {
      flatten(n.args[0]);
      flatten(n.args[1]);
    } else conjuncts.push(n);
  };
  flatten(ast);
  return conjuncts.map((n) => {
    const text = source.slice(n.range.start, n.range.end);
    if (!COMPARISONS.has(n.op)) return { text };
    const [left] = n.args as [ASTNode, ASTNode];
    if (left.op === "value") return { text };
    const leftText = source.slice(left.range.start, left.range.end);
    try {
      return { text, left: { text: leftText, rest: source.slice(left.range.end, n.range.end), program: env().parse(leftText) } };
    } catch {
      return { text };
    }
  });
}

/** JSON → CEL values: whole numbers become ints. */
export function toCel(value: unknown): unknown {
  if (typeof value === "number") return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toCel(v);
    return out;
  }
  return value;
}

export function celContext(input: DecisionInput): CelContext {
  const { action, agent } = input;
  const { CelAction, CelAgent, CelCost, CelImpact } = runtime().types;
  return {
    action: new CelAction(action.type, action.resource),
    agent: new CelAgent(agent.name, agent.labels),
    cost: new CelCost(action.cost?.amount ?? 0, action.cost?.currency ?? ""),
    impact: new CelImpact(BigInt(Math.trunc(action.impact?.records ?? 0)), action.impact?.amount ?? 0),
    params: toCel(action.params ?? {}),
    context: toCel(action.context ?? {}),
    now: input.now,
  };
}

/** true/false, or the error text when the expression failed at run time (e.g. a missing key). */
export function runCondition(c: Condition, ctx: CelContext): boolean | { error: string } {
  // A missing key throws inside cel-js; a stack trace is of no use here and costs ~10 µs.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const value: unknown = c.program(ctx);
    if (typeof value === "boolean") return value;
    return { error: `expected a bool, got ${formatValue(value)}` };
  } catch (error) {
    return { error: (error as { summary?: string }).summary ?? (error as Error).message.split("\n")[0] ?? String(error) };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

export function formatValue(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) return JSON.stringify(Object.fromEntries(value), (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v));
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/** `params.amount (250) > 100`, or `when <expr> was true` when nothing can be shown. */
export function explainCondition(c: Condition, ctx: CelContext): string {
  if (!c.parts.some((p) => p.left)) return `when ${c.source} was true`;
  return c.parts
    .map((p) => {
      if (!p.left) return p.text;
      let shown: string;
      try {
        shown = formatValue(p.left.program(ctx));
      } catch {
        shown = "?";
      }
      return `${p.left.text} (${shown})${p.left.rest}`;
    })
    .join(" && ");
}
