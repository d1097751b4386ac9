import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ConflictError, LockedError, NotFoundError, TooManyRequestsError } from "../errors";
import { toHttpResponse } from "./respond";

describe("toHttpResponse", () => {
  it("maps each error family member to its status and a JSON body", async () => {
    for (const [error, status, code] of [
      [new NotFoundError("Agent"), 404, "not_found"],
      [new ConflictError("dup"), 409, "conflict"],
      [new LockedError("halted: incident 42"), 423, "halted"],
    ] as const) {
      const res = toHttpResponse(error);
      expect(res.status).toBe(status);
      expect((await res.json()).error.code).toBe(code);
    }
  });

  it("turns a ZodError into 422 with the failing fields", async () => {
    const parsed = z.object({ name: z.string(), n: z.number().int() }).safeParse({ n: 1.5 });
    const res = toHttpResponse(parsed.error);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe("validation_failed");
    expect(Object.keys(body.error.details.fieldErrors).sort()).toEqual(["n", "name"]);
  });

  it("sets Retry-After on 429", () => {
    const res = toHttpResponse(new TooManyRequestsError("slow down", 30));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("30");
  });

  it("hides unexpected errors behind a generic 500 and logs them", async () => {
    const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const res = toHttpResponse(new Error("connection string postgres://secret@db"));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("secret");
    expect(write).toHaveBeenCalled();
    write.mockRestore();
  });
});
