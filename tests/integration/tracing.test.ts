import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideApproval } from "@/lib/approvals/service";
import { db } from "@/lib/db/client";
import { sendDelivery } from "@/lib/deliveries/service";
import { startTracing, stopTracing } from "@/lib/observability/otel";
import { publishPolicyVersion } from "@/lib/policy/store";
import { makeAgentWithKey, makeUser, TEST_ACTOR } from "@/lib/testing/factories";
import { submitAs } from "./agent-api";

// Traces end to end: an OTLP/HTTP receiver started here (ephemeral port) stands in for a
// collector; the app exports to it because OTEL_EXPORTER_OTLP_ENDPOINT names it. It also
// answers decision callbacks (with a 500, so the failed attempt is logged).

type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: Record<string, unknown> }[];
};
const spans: OtlpSpan[] = [];
const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => resolve(body));
  });
const receiver = createServer(async (req, res) => {
  const body = await read(req);
  if (req.url === "/v1/traces") {
    expect(req.headers["content-type"]).toContain("application/json");
    const payload = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
    for (const r of payload.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  } else {
    res.writeHead(500).end("callback receiver says no");
  }
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
process.env.OTEL_EXPORTER_OTLP_ENDPOINT = base;

const POLICY = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: tracing-test
spec:
  agents:
    names: ["*"]
  rules:
    - id: refunds
      match: { actions: ["refund.issue"] }
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            timeout: 30m
            onTimeout: deny
        expiresIn: 2h
`;

const attr = (s: OtlpSpan, key: string) => Object.values(s.attributes.find((a) => a.key === key)?.value ?? {})[0];

describe("OpenTelemetry traces", () => {
  const logLines: string[] = [];
  let provider: ReturnType<typeof startTracing>;
  let actionId: string;

  beforeAll(async () => {
    provider = startTracing();
    await publishPolicyVersion([{ path: "policies/tracing-test.yaml", content: POLICY }], "tracing tests", TEST_ACTOR);
    const { key } = await makeAgentWithKey();
    const approver = await makeUser("approver");
    const res = await submitAs(key, {
      type: "refund.issue",
      resource: "orders/7",
      params: { amount: 70 },
      callbackUrl: `${base}/callback`,
    });
    const submitted = (await res.json()) as { id: string; approval: { id: string } };
    actionId = submitted.id;
    await decideApproval(
      submitted.approval.id,
      { id: approver.id, role: approver.role, email: approver.email, groups: [] },
      "approve",
      undefined,
    );

    // The callback's attempt fails (the receiver answers 500); its warning is logged inside the delivery's span.
    const delivery = await db().delivery.findFirstOrThrow({ where: { actionId, kind: "callback" } });
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => (
      logLines.push(String(chunk)),
      write(chunk, ...rest)
    )) as typeof process.stderr.write;
    await expect(sendDelivery({ deliveryId: delivery.id })).rejects.toThrow();
    process.stderr.write = write;
    await provider!.forceFlush();
  });

  afterAll(async () => {
    await stopTracing();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it("exports a span per decision (every API request is one, named after its operation), with the key check, the transaction and the policy evaluation inside", () => {
    expect(provider).toBeDefined();
    const decision = spans.find((s) => s.name === "gatehouse.submitAction" && attr(s, "gatehouse.action.id") === actionId)!;
    expect(decision).toBeDefined();
    expect(attr(decision, "gatehouse.status")).toBe("pending");
    expect(attr(decision, "http.route")).toBe("/api/v1/actions");
    const children = spans.filter((s) => s.parentSpanId === decision.spanId).map((s) => s.name);
    expect(children).toEqual(expect.arrayContaining(["gatehouse.key_check", "gatehouse.transaction"]));
    const transaction = spans.find((s) => s.parentSpanId === decision.spanId && s.name === "gatehouse.transaction")!;
    expect(spans.some((s) => s.parentSpanId === transaction.spanId && s.name === "gatehouse.policy_evaluation")).toBe(true);
    expect(new Set(spans.filter((s) => s.traceId === decision.traceId).map((s) => s.name)).size).toBeGreaterThanOrEqual(4);
  });

  it("exports approval transitions and callback attempts", () => {
    const vote = spans.find((s) => s.name === "gatehouse.approval.vote")!;
    expect(attr(vote, "gatehouse.approval.status")).toBe("approved");
    expect(attr(vote, "gatehouse.approval.events")).toContain("approval.approved");
    const delivery = spans.find((s) => s.name === "gatehouse.delivery")!;
    expect(attr(delivery, "gatehouse.delivery.kind")).toBe("callback");
    expect(attr(delivery, "gatehouse.delivery.outcome")).toBe("retrying");
  });

  it("puts the trace id in the JSON log lines written inside a span", () => {
    const delivery = spans.find((s) => s.name === "gatehouse.delivery")!;
    const line = logLines
      .map((l) => JSON.parse(l) as { msg: string; trace_id?: string; span_id?: string })
      .find((l) => l.msg === "delivery attempt failed")!;
    expect(line).toMatchObject({ trace_id: delivery.traceId, span_id: delivery.spanId });
  });
});
