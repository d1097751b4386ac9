import { describe, expect, it } from "vitest";
import { nextThrottleState, throttleVerdict, type ThrottleState } from "./throttle";

const rule = { maxFailures: 3, windowMs: 60_000, lockMs: 300_000 };
const t0 = new Date("2026-01-01T00:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

describe("sign-in throttle", () => {
  it("locks after the maximum number of failures within the window", () => {
    let state: ThrottleState | null = null;
    state = nextThrottleState(state, rule, at(0));
    state = nextThrottleState(state, rule, at(1_000));
    expect(throttleVerdict(state, at(1_000))).toEqual({ locked: false });
    state = nextThrottleState(state, rule, at(2_000));
    expect(throttleVerdict(state, at(2_000))).toEqual({ locked: true, retryAfterSeconds: 300 });
    expect(throttleVerdict(state, at(2_000 + 299_000))).toEqual({ locked: true, retryAfterSeconds: 1 });
    expect(throttleVerdict(state, at(2_000 + 300_000))).toEqual({ locked: false });
  });

  it("starts a new window when failures are spread out", () => {
    let state = nextThrottleState(null, rule, at(0));
    state = nextThrottleState(state, rule, at(30_000));
    state = nextThrottleState(state, rule, at(61_000)); // first failure fell out of the window
    expect(state.failures).toBe(1);
    expect(throttleVerdict(state, at(61_000))).toEqual({ locked: false });
  });

  it("counts afresh after a lock expires", () => {
    let state = nextThrottleState(null, { ...rule, maxFailures: 1 }, at(0));
    expect(state.lockedUntil).toEqual(at(300_000));
    state = nextThrottleState(state, rule, at(400_000));
    expect(state).toMatchObject({ failures: 1, lockedUntil: null });
  });
});
