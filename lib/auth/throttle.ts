// Pure rules for sign-in throttling: N failures within a window lock the key for a while.

export type ThrottleKind = "email" | "ip";
export type ThrottleRule = { maxFailures: number; windowMs: number; lockMs: number };
export type ThrottleState = { failures: number; windowStart: Date; lockedUntil: Date | null };

export const THROTTLE_RULES: Record<ThrottleKind, ThrottleRule> = {
  email: { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  ip: { maxFailures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
};

export function throttleVerdict(state: ThrottleState, now: Date): { locked: false } | { locked: true; retryAfterSeconds: number } {
  if (state.lockedUntil && state.lockedUntil > now) {
    return { locked: true, retryAfterSeconds: Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000) };
  }
  return { locked: false };
}

export function nextThrottleState(current: ThrottleState | null, rule: ThrottleRule, now: Date): ThrottleState {
  const windowOpen = current && now.getTime() - current.windowStart.getTime() < rule.windowMs;
  const failures = windowOpen ? current.failures + 1 : 1;
  const windowStart = windowOpen ? current.windowStart : now;
  const lockedUntil = failures >= rule.maxFailures ? new Date(now.getTime() + rule.lockMs) : null;
  return { failures: lockedUntil ? 0 : failures, windowStart: lockedUntil ? now : windowStart, lockedUntil };
}
