import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "@/app/api/v1/actions/route"; // registers POST /api/v1/actions, as Next.js loading it does
import type { DirectListener } from "@/lib/http/direct-route";
import { MAX_BODY_BYTES } from "@/lib/http/read-body";
import { API_CSP, HSTS } from "@/lib/http/security-headers";
import { db } from "@/lib/db/client";
import { publishPolicyVersion } from "@/lib/policy/store";
import { makeAgentWithKey, TEST_ACTOR } from "@/lib/testing/factories";

// The decision route as scripts/serve.mjs serves it: a plain Node HTTP server handing the
// request to the listener the route registered (lib/http/direct-route.ts), found the way
// serve.mjs finds it. Everything else about the route is tested through its handler.

const POLICY = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: direct-route-test
spec:
  agents:
    names: ["*"]
  rules:
    - id: small
      match: { actions: ["direct.refund"] }
      when: "params.amount <= 10"
      effect: allow
`;

let server: http.Server;
let base: string;
let key: string;

beforeAll(async () => {
  await publishPolicyVersion([{ path: "direct.yaml", content: POLICY }], "direct route test", TEST_ACTOR);
  ({ key } = await makeAgentWithKey());
  const routes = (globalThis as Record<string, unknown>)["gatehouse:direct-routes"] as Map<string, DirectListener>;
  const listener = routes.get("POST /api/v1/actions");
  if (!listener) throw new Error("the decision route did not register itself");
  server = http.createServer((req, res) => (req.url === "/api/v1/actions" ? listener(req, res) : res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const submit = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/v1/actions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body,
  });

describe("the decision route served outside Next.js", () => {
  it("decides, records and answers as the route does, with the API's security headers", async () => {
    const res = await submit(JSON.stringify({ type: "direct.refund", resource: "orders/1", params: { amount: 5 } }));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ status: "allowed", type: "direct.refund", decision: { effect: "allow", rule: "small" } });
    expect(body.decisionToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(res.headers.get("location")).toBe(`/api/v1/actions/${body.id}`);
    expect(res.headers.get("idempotent-replayed")).toBe("false");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("content-security-policy")).toBe(API_CSP);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("strict-transport-security")).toBeNull(); // plain http, no proxy saying otherwise
    expect(await db().action.count({ where: { id: body.id, status: "allowed" } })).toBe(1);
  });

  it("sets HSTS behind a proxy that terminated TLS", async () => {
    const res = await submit(JSON.stringify({ type: "direct.refund", resource: "orders/2", params: { amount: 1 } }), {
      "x-forwarded-proto": "https",
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("strict-transport-security")).toBe(HSTS);
  });

  it("answers bad input with the route's 4xx JSON errors", async () => {
    const notJson = await submit('{"type":');
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toBe("bad_request");

    const noKey = await fetch(`${base}/api/v1/actions`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(noKey.headers.get("content-security-policy")).toBe(API_CSP);

    const tooLarge = await submit(JSON.stringify({ type: "direct.refund", resource: "o", params: { pad: "x".repeat(MAX_BODY_BYTES) } }));
    expect(tooLarge.status).toBe(413);
  });

  it("closes the connection after a body it refused unread, so the client's next request is answered", async () => {
    const refused = await submit(JSON.stringify({ type: "direct.refund", resource: "o", params: { pad: "y".repeat(4 * MAX_BODY_BYTES) } }));
    expect(refused.status).toBe(413);
    expect(refused.headers.get("connection")).toBe("close");
    const next = await submit(JSON.stringify({ type: "direct.refund", resource: "orders/4", params: { amount: 3 } }));
    expect(next.status).toBe(201);
  });

  it("records nothing for a client that leaves mid-body, and keeps serving", async () => {
    const before = await db().action.count();
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect((server.address() as AddressInfo).port, "127.0.0.1", () => {
        socket.write(
          `POST /api/v1/actions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"type":"direct.refund",`,
        );
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on("close", () => resolve());
      socket.on("error", reject);
    });
    const res = await submit(JSON.stringify({ type: "direct.refund", resource: "orders/3", params: { amount: 2 } }));
    expect(res.status).toBe(201);
    expect(await db().action.count()).toBe(before + 1);
  });
});
