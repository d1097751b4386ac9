import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterEach, describe, expect, it } from "vitest";
import { GET as statusRoute } from "@/app/api/v1/status/route";
import { GatehouseClient, GatehouseError } from "@/lib/client/gatehouse-client";
import { database } from "@/lib/db/client";
import { PrismaClient } from "@/lib/db/generated/client";
import { toHttpResponse } from "@/lib/http/respond";
import { processSlot } from "@/lib/process-singleton";
import { makeAgentWithKey } from "@/lib/testing/factories";
import { callRoute } from "./route-call";

// A database that is briefly away (restarting, unreachable, its connection cut) is a 503
// with Retry-After and a JSON error the typed client retries on, never a 500. The failures
// are real ones, from the drivers: a closed port, a connection the server terminates, a
// closed embedded database.

const CLOSED_PORT = Number(process.env.E2E_PORT ?? 3400) + 19; // nothing listens there
const unreachable = () =>
  new PrismaClient({ adapter: new PrismaPg({ host: "127.0.0.1", port: CLOSED_PORT, user: "postgres", database: "postgres" }) });

async function failureOf(run: () => Promise<unknown>) {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  return error;
}

async function expect503(error: unknown) {
  const res = toHttpResponse(error);
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toBe("2");
  expect(await res.json()).toMatchObject({ error: { code: "unavailable", message: expect.stringMatching(/database is unavailable/) } });
}

const dbSlot = processSlot<ReturnType<typeof database>>("db");
let restore: ReturnType<typeof database> | undefined;
afterEach(async () => {
  if (restore) {
    const broken = dbSlot.get();
    dbSlot.set(restore);
    restore = undefined;
    await broken?.prisma.$disconnect();
  }
});

describe("the database briefly away", () => {
  it("maps a server that refuses connections to 503, for queries and transactions", async () => {
    const prisma = unreachable();
    await expect503(await failureOf(() => prisma.user.findFirst()));
    await expect503(await failureOf(() => prisma.$transaction(async (tx) => tx.user.count())));
    await expect503(await failureOf(() => prisma.$queryRaw`SELECT 1`));
    await prisma.$disconnect();
  });

  it("maps a connection the server terminates (as at a restart) to 503", async () => {
    const url = process.env.DATABASE_URL;
    if (!url) return; // PostgreSQL only: the embedded database has no server to restart
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 1 }) });
    await prisma.$queryRaw`SELECT 1`;
    const [backend] = await prisma.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
    const sleeping = failureOf(() => prisma.$queryRaw`SELECT pg_sleep(10)`);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await new Promise((r) => setTimeout(r, 300));
    await admin.query("SELECT pg_terminate_backend($1)", [backend!.pid]);
    await admin.end();
    await expect503(await sleeping);
    await prisma.$disconnect();
  });

  it("maps a closed embedded database to 503", async () => {
    const pglite = new PGlite("memory://");
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    await prisma.$queryRaw`SELECT 1`;
    await pglite.close();
    await expect503(await failureOf(() => prisma.$queryRaw`SELECT 1`));
    await prisma.$disconnect();
  }, 120_000); // a new embedded database takes a while to open on a busy machine

  it("answers an agent 503 with Retry-After on a route while the database is away", async () => {
    const { key } = await makeAgentWithKey();
    restore = database();
    dbSlot.set({ ...restore, prisma: unreachable() });
    const res = await callRoute(statusRoute, "/api/v1/status", { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("2");
    expect((await res.json()).error.code).toBe("unavailable");
  });
});

describe("the typed client", () => {
  const unavailable = () =>
    Response.json(
      { error: { code: "unavailable", message: "The database is unavailable; try again in 1 s" } },
      { status: 503, headers: { "Retry-After": "1" } },
    );

  it("retries a 503 after its Retry-After, and gets the answer once the database is back", async () => {
    const answers = [unavailable(), unavailable(), Response.json({ agent: { name: "a", halted: false, reason: null } })];
    const seen: number[] = [];
    const client = new GatehouseClient({
      baseUrl: "http://gatehouse.test",
      apiKey: "k",
      fetch: async () => {
        seen.push(Date.now());
        return answers.shift()!;
      },
    });
    expect(await client.status()).toMatchObject({ agent: { name: "a" } });
    expect(seen).toHaveLength(3);
    expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(900);
  });

  it("gives up after its retries with the 503 as a GatehouseError", async () => {
    const client = new GatehouseClient({ baseUrl: "http://gatehouse.test", apiKey: "k", retries: 1, fetch: async () => unavailable() });
    const error = await client.status().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatehouseError);
    expect(error).toMatchObject({ status: 503, code: "unavailable", retryAfterSeconds: 1 });
  });
});
