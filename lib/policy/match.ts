import picomatch from "picomatch";

// Glob matchers, compiled once. Exact names (no glob characters) are a Set lookup;
// the rest is one picomatch matcher. `*` stops at `/`, `**` crosses it, and `.` is an
// ordinary character (so `refund.*` matches `refund.issue`, `*` matches any action type).

export type Matcher = { (value: string): boolean; patterns: readonly string[]; exact: ReadonlySet<string> | null; any: boolean };

const OPTIONS = { dot: true, strictBrackets: true } as const;

/**
 * A matcher for these patterns. Matchers are shared (one per distinct pattern list, bounded
 * memo) and remember their last answer: the rules of a policy often name the same
 * resources, and one decision then tests its resource once.
 */
export function globMatcher(patterns: readonly string[]): Matcher {
  const id = patterns.join("\n");
  let matcher = matchers.get(id);
  if (!matcher) {
    if (matchers.size >= MATCHERS) matchers.clear();
    matchers.set(id, (matcher = newMatcher(patterns)));
  }
  return matcher;
}

const MATCHERS = 4096;
const matchers = new Map<string, Matcher>();

function newMatcher(patterns: readonly string[]): Matcher {
  const exact = new Set<string>();
  const wild: string[] = [];
  for (const p of patterns) {
    if (picomatch.scan(p).isGlob) wild.push(p);
    else exact.add(p);
  }
  const any = wild.includes("*") || wild.includes("**");
  const glob = wild.length > 0 ? picomatch(wild, OPTIONS) : null;
  let last: string | undefined;
  let answer = false;
  const match = any
    ? () => true
    : glob
      ? (v: string) => {
          if (v !== last) answer = exact.has((last = v)) || glob(v);
          return answer;
        }
      : (v: string) => exact.has(v);
  return Object.assign(match, { patterns, exact: wild.length === 0 ? exact : null, any });
}

export type AgentSelector = (agent: { name: string; labels: Record<string, string> }) => boolean;

/** `names` (any glob matches) and `labels` (all equal); both when both are given. */
export function agentSelector(names: readonly string[] | undefined, labels: Record<string, string> | undefined): AgentSelector {
  const byName = names ? globMatcher(names) : null;
  const required = Object.entries(labels ?? {});
  if (!byName && required.length === 0) return () => true;
  return (agent) => {
    if (byName && !byName(agent.name)) return false;
    for (const [k, v] of required) if (agent.labels[k] !== v) return false;
    return true;
  };
}
