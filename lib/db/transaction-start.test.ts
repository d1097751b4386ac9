import { describe, expect, it } from "vitest";
import { toHttpResponse } from "../http/respond";
import { isDatabaseUnavailable } from "./errors";

// Found by `npm run drill:killswitch` on a loaded machine: agents got 500 when every pooled
// connection was busy and Prisma could not start their transaction in time. Nothing was written,
// and the agent should retry: a 503 with Retry-After, as when the database is away.

const notStarted = Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), { code: "P2028" });

describe("a transaction that cannot start in time", () => {
  it("is the database being unavailable", () => {
    expect(isDatabaseUnavailable(notStarted)).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("Transaction API error: Transaction already closed"), { code: "P2028" }))).toBe(
      false,
    );
  });

  it("answers 503 with Retry-After", () => {
    const response = toHttpResponse(notStarted);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});
