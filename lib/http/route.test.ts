import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { defineOperation } from "../contracts/operation";
import { route } from "./route";

// The wrapper on its own, with a public operation (no database): parsing, the contract
// check of answers, and the error mapping every route shares.

const operation = defineOperation({
  method: "POST",
  path: "/api/test/{id}",
  operationId: "test",
  summary: "test",
  access: { kind: "public" },
  params: z.object({ id: z.uuid() }),
  notFound: "Thing",
  query: z.object({ n: z.coerce.number().int().min(1).default(1) }),
  body: z.strictObject({ name: z.string().min(1) }),
  response: z.object({ id: z.uuid(), name: z.string(), n: z.number() }),
});

const ID = "00000000-0000-4000-8000-000000000001";
const call = (
  handler: ReturnType<typeof route>,
  { id = ID, query = "", body = { name: "a" } as unknown, params = undefined as unknown } = {},
) =>
  handler(
    new Request(`http://t.test/api/test/${id}${query}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: (params as Promise<Record<string, string>>) ?? Promise.resolve({ id }) },
  );

const echo = route(operation, async ({ params, query, body }) => ({ id: params.id, name: body.name, n: query.n }));

afterEach(() => vi.unstubAllEnvs());

describe("route(operation, handler)", () => {
  it("hands the handler parsed path, query and body", async () => {
    const res = await call(echo, { query: "?n=3" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: ID, name: "a", n: 3 });
    expect(echo.operation.operationId).toBe("test");
  });

  it("answers a malformed path parameter with the operation's 404, a bad query or body with 422", async () => {
    const notFound = await call(echo, { id: "nope" });
    expect(notFound.status).toBe(404);
    expect((await notFound.json()).error.message).toBe("Thing not found");
    const badQuery = await call(echo, { query: "?n=0" });
    expect(badQuery.status).toBe(422);
    expect((await badQuery.json()).error.details.fieldErrors.n).toBeDefined();
    const badBody = await call(echo, { body: { name: "", extra: 1 } });
    expect(badBody.status).toBe(422);
  });

  it("answers a path that is not valid percent-encoded UTF-8 with 400, not 500", async () => {
    const res = await call(echo, { params: Promise.reject(new URIError("URI malformed")) });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("bad_request");
  });

  it("under test, refuses a success that does not match the response schema (500 naming the operation)", async () => {
    const drifted = route(operation, async ({ params }) => ({ id: params.id, name: "a", n: "three" }) as never);
    vi.stubEnv("GATEHOUSE_CHECK_RESPONSES", "1");
    const res = await call(drifted);
    expect(res.status).toBe(500);
    expect((await res.json()).error).toMatchObject({ code: "response_contract_violation" });
    vi.stubEnv("GATEHOUSE_CHECK_RESPONSES", "");
    expect((await call(drifted)).status).toBe(200); // production answers as it is; the check is the tests'
  });
});
