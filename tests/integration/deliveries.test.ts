import { createServer, type IncomingHttpHeaders } from "node:http";
import { entryData } from "@/lib/audit/leaf";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applyTimers, decideApproval } from "@/lib/approvals/service";
import { db } from "@/lib/db/client";
import { transaction } from "@/lib/db/transaction";
import {
  MAX_ATTEMPTS,
  deliveryJob,
  listDeliveries,
  queueApproverNotifications,
  queueDecisionCallback,
  redeliver,
  sendDelivery,
} from "@/lib/deliveries/service";
import { verifySignature } from "@/lib/deliveries/signature";
import { prepareJobs, startWorkers, stopJobs } from "@/lib/jobs/queue";
import { engageKillSwitch } from "@/lib/killswitch/service";
import { publishPolicyVersion } from "@/lib/policy/store";
import { prepareBackgroundJobs } from "@/lib/server/jobs";
import { makeAgentWithKey, makeUser, TEST_ACTOR, uniq } from "@/lib/testing/factories";
import { readAs, submitAs } from "./agent-api";

// Real receivers on loopback, no mocks: an HTTP server standing in for agents' callback
// endpoints and for a Slack incoming webhook, and an SMTP server standing in for the mail
// relay. Each test sends the deliveries it queued by running the job's handler itself.

type Received = { path: string; headers: IncomingHttpHeaders; body: string };

async function startHttpSink() {
  const received: Received[] = [];
  /** Status to answer per path (default 200). */
  const answers = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const status = answers.get(path) ?? 200;
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "the sink is down");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, answers, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type Mail = { from: string | undefined; to: string[]; raw: string; user: string | undefined };

async function startSmtpSink() {
  const messages: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
        messages.push({
          from,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          user: session.user as string | undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A header of a raw message, unfolded. */
const headerOf = (raw: string, name: string) =>
  raw
    .split(/\r?\n\r?\n/, 1)[0]!
    .replace(/\r?\n[ \t]+/g, " ")
    .split(/\r?\n/)
    .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    ?.slice(name.length + 1)
    .trim();

/** The text of a message as a reader sees it (quoted-printable soft breaks and escapes undone). */
const readable = (raw: string) =>
  raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

const CONSOLE_URL = "https://gatehouse.example.test";
const http = await startHttpSink();
const smtp = await startSmtpSink();
// lib/env.ts reads the environment once, on first use (the shared setup's beforeAll already
// uses it), so these are set while the file loads, before any hook runs.
process.env.SMTP_URL = `smtp://gatehouse:relay-password@127.0.0.1:${smtp.port}`;
process.env.SMTP_FROM = "Gatehouse Test <gatehouse@example.test>";
process.env.GATEHOUSE_SLACK_WEBHOOK_URL = `${http.url}/slack/T000/B000/XXXXXXXX`;
process.env.NEXTAUTH_URL = CONSOLE_URL;
const NOTIFY_SECRET = "notify-webhook-secret-for-tests";
process.env.GATEHOUSE_NOTIFY_WEBHOOK_SECRET = NOTIFY_SECRET;
let escalationAdmin: Awaited<ReturnType<typeof makeUser>>;

const policy = (escalateTo: string) => `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: deliveries-test
spec:
  agents:
    names: ["*"]
  rules:
    - id: reads
      match: { actions: ["deliveries.read"] }
      effect: allow
    - id: big-refunds
      match: { actions: ["deliveries.refund"] }
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            timeout: 30m
            onTimeout: deny
        expiresIn: 2h
    - id: escalating
      match: { actions: ["deliveries.escalate"] }
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            timeout: 1m
            onTimeout: escalate
            escalateTo: { users: ["${escalateTo}"] }
        expiresIn: 2h
`;

beforeAll(async () => {
  await prepareJobs([deliveryJob]);
  escalationAdmin = await makeUser("admin");
  await publishPolicyVersion(
    [{ path: "policies/deliveries-test.yaml", content: policy(escalationAdmin.email) }],
    "delivery tests",
    TEST_ACTOR,
  );
});

afterAll(async () => {
  await http.close();
  await smtp.close();
});

async function submit(key: string, body: Record<string, unknown>) {
  const res = await submitAs(key, body);
  return (await res.json()) as { id: string; status: string; approval?: { id: string } };
}

/** An agent with a pending refund whose callbackUrl is a fresh path on the HTTP sink. */
async function pendingRefund() {
  const { agent, key } = await makeAgentWithKey();
  const path = `/agents/${uniq("hook")}`;
  const action = await submit(key, {
    type: "deliveries.refund",
    resource: uniq("orders"),
    params: { amount: 500 },
    callbackUrl: `${http.url}${path}`,
  });
  expect(action.status).toBe("pending");
  return { agent, key, path, action: action as { id: string; approval: { id: string } } };
}

async function approve(requestId: string) {
  const approver = await makeUser("approver");
  await decideApproval(requestId, { id: approver.id, role: approver.role, email: approver.email, groups: [] }, "approve", "fine");
}

const callbackFor = (actionId: string) => transaction((tx) => queueDecisionCallback(tx, actionId));
const deliveryRow = (id: string) => db().delivery.findUniqueOrThrow({ where: { id } });

describe("the delivery worker", () => {
  it("sends what a committed transaction queued, and nothing for a rolled-back one", async () => {
    const { path, action } = await pendingRefund();
    await approve(action.approval.id);
    const before = await db().delivery.count({ where: { actionId: action.id } });
    const rolledBack = transaction(async (tx) => {
      await queueDecisionCallback(tx, action.id);
      throw new Error("the decision did not commit");
    });
    await expect(rolledBack).rejects.toThrow("the decision did not commit");
    expect(await db().delivery.count({ where: { actionId: action.id } })).toBe(before);

    await startWorkers([deliveryJob]);
    try {
      const deliveryId = (await callbackFor(action.id))!;
      await vi.waitFor(async () => expect((await deliveryRow(deliveryId)).status).toBe("delivered"), { timeout: 15_000, interval: 100 });
      expect(http.received.filter((r) => r.path === path && r.headers["gatehouse-delivery"] === deliveryId)).toHaveLength(1);
    } finally {
      // The other tests run the handler by hand: no worker may race them.
      await stopJobs();
      await prepareBackgroundJobs();
      await prepareJobs([deliveryJob]);
    }
  });
});

describe("decision callbacks", () => {
  it("POSTs the decision the agent would GET, signed with the agent's webhook secret, once", async () => {
    const { agent, key, path, action } = await pendingRefund();
    await approve(action.approval.id);
    const deliveryId = await callbackFor(action.id);
    expect(deliveryId).toEqual(expect.any(String));
    // The job was enqueued in the same transaction as the row.
    const jobs = await db().$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'delivery.send' AND data->>'deliveryId' = ${deliveryId}`;
    expect(jobs[0]?.n).toBe(1);

    await sendDelivery({ deliveryId: deliveryId! });
    const hits = http.received.filter((r) => r.path === path);
    expect(hits).toHaveLength(1);
    const [hit] = hits;
    expect(hit!.headers["content-type"]).toBe("application/json");
    expect(hit!.headers["gatehouse-event"]).toBe("action.decided");
    expect(hit!.headers["gatehouse-delivery"]).toBe(deliveryId);
    const signature = hit!.headers["gatehouse-signature"] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(hit!.headers["gatehouse-timestamp"]).toBe(signature.slice(2, signature.indexOf(",")));
    expect(verifySignature(agent.webhookSecret, hit!.body, signature)).toBe(true);
    expect(verifySignature(agent.webhookSecret, hit!.body.replace('"allowed"', '"denied"'), signature)).toBe(false);
    expect(verifySignature("another agent's secret", hit!.body, signature)).toBe(false);

    const polled = await (await readAs(key, action.id)).json();
    expect(JSON.parse(hit!.body)).toEqual(polled);
    expect(polled).toMatchObject({ status: "allowed", approval: { status: "approved" } });

    expect(await deliveryRow(deliveryId!)).toMatchObject({
      status: "delivered",
      attempts: 1,
      responseStatus: 200,
      lastError: null,
      deliveredAt: expect.any(Date),
    });
    // A second run of the job (a duplicate or a late retry) sends nothing more.
    await sendDelivery({ deliveryId: deliveryId! });
    expect(http.received.filter((r) => r.path === path)).toHaveLength(1);
  });

  it("a human's approval and the kill switch's auto-reject each queue the callback themselves", async () => {
    const approved = await pendingRefund();
    await approve(approved.action.approval.id);
    const [sent] = await db().delivery.findMany({ where: { actionId: approved.action.id, kind: "callback" } });
    await sendDelivery({ deliveryId: sent!.id });
    const body = JSON.parse(http.received.find((r) => r.path === approved.path)!.body);
    expect(body).toMatchObject({ status: "allowed", decisionToken: expect.stringMatching(/^ey/) });

    const halted = await pendingRefund();
    await engageKillSwitch({ target: { scope: "agent", agentId: halted.agent.id }, reason: "incident 7", autoReject: true }, TEST_ACTOR);
    const [told] = await db().delivery.findMany({ where: { actionId: halted.action.id, kind: "callback" } });
    await sendDelivery({ deliveryId: told!.id });
    const haltedBody = JSON.parse(http.received.find((r) => r.path === halted.path)!.body);
    expect(haltedBody).toMatchObject({ status: "denied", decisionToken: null, approval: { status: "cancelled" } });
    expect(haltedBody.reasons.at(-1)).toMatchObject({ kind: "kill_switch", message: expect.stringContaining("incident 7") });
  });

  it("queues nothing for an action without a callbackUrl, or one not decided yet", async () => {
    const { key } = await makeAgentWithKey();
    const read = await submit(key, { type: "deliveries.read", resource: "reports/1" });
    expect(read.status).toBe("allowed");
    expect(await callbackFor(read.id)).toBeNull();
    const { action } = await pendingRefund();
    expect(await callbackFor(action.id)).toBeNull();
  });

  it("records a failing receiver's answer, and delivers on a retry once it recovers", async () => {
    const { agent, path, action } = await pendingRefund();
    await approve(action.approval.id);
    const deliveryId = (await callbackFor(action.id))!;
    http.answers.set(path, 500);
    await expect(sendDelivery({ deliveryId })).rejects.toThrow(/HTTP 500/);
    expect(await deliveryRow(deliveryId)).toMatchObject({
      status: "pending",
      attempts: 1,
      responseStatus: 500,
      lastError: "HTTP 500: the sink is down",
      deliveredAt: null,
    });

    http.answers.delete(path);
    await sendDelivery({ deliveryId });
    expect(await deliveryRow(deliveryId)).toMatchObject({ status: "delivered", attempts: 2, responseStatus: 200, lastError: null });
    const hits = http.received.filter((r) => r.path === path);
    expect(hits).toHaveLength(2);
    // Same delivery id on every attempt, so the receiver can de-duplicate; each attempt signed afresh.
    expect(new Set(hits.map((h) => h.headers["gatehouse-delivery"]))).toEqual(new Set([deliveryId]));
    expect(hits.every((h) => verifySignature(agent.webhookSecret, h.body, h.headers["gatehouse-signature"] as string))).toBe(true);

    const listed = await listDeliveries({ agentId: agent.id, kind: "callback" });
    expect(listed.map((d) => d.id)).toContain(deliveryId);
    expect(listed.find((d) => d.id === deliveryId)).toMatchObject({
      actionId: action.id,
      target: `${http.url}${path}`,
      action: { type: "deliveries.refund" },
    });
  });

  it("records an unreachable receiver's error", async () => {
    const { agent, key } = await makeAgentWithKey();
    const closed = await startHttpSink();
    await closed.close(); // nothing listens on this port any more
    const action = await submit(key, { type: "deliveries.read", resource: "reports/2", callbackUrl: `${closed.url}/gone` });
    const deliveryId = (await callbackFor(action.id))!;
    await expect(sendDelivery({ deliveryId })).rejects.toThrow(/ECONNREFUSED/);
    expect(await deliveryRow(deliveryId)).toMatchObject({
      agentId: agent.id,
      status: "pending",
      attempts: 1,
      responseStatus: null,
      lastError: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it("gives up after the last attempt; a retry by hand is audited and delivers", async () => {
    const { agent, path, action } = await pendingRefund();
    await approve(action.approval.id);
    const deliveryId = (await callbackFor(action.id))!;
    http.answers.set(path, 503);
    for (let i = 0; i < MAX_ATTEMPTS; i++) await expect(sendDelivery({ deliveryId })).rejects.toThrow(/HTTP 503/);
    expect(await deliveryRow(deliveryId)).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, responseStatus: 503 });
    await sendDelivery({ deliveryId }); // the queue has no retries left; a stray run does nothing
    expect(http.received.filter((r) => r.path === path)).toHaveLength(MAX_ATTEMPTS);

    http.answers.delete(path);
    const operator = await makeUser("admin");
    await redeliver(deliveryId, { type: "user", id: operator.id, label: operator.email });
    expect(await deliveryRow(deliveryId)).toMatchObject({ status: "pending", attempts: 0 });
    const audit = await db().auditEntry.findFirstOrThrow({ where: { eventType: "delivery.retried", subjectId: deliveryId } });
    expect(audit).toMatchObject({ actorId: operator.id, agentId: agent.id });
    expect(entryData(audit)).toMatchObject({ previousAttempts: MAX_ATTEMPTS, responseStatus: 503, actionId: action.id });

    await sendDelivery({ deliveryId });
    expect(await deliveryRow(deliveryId)).toMatchObject({ status: "delivered", attempts: 1, responseStatus: 200 });
    await expect(redeliver(deliveryId, { type: "user", id: operator.id, label: operator.email })).rejects.toMatchObject({ status: 409 });
  });
});

describe("approver notifications", () => {
  async function sendAll(ids: string[]) {
    for (const deliveryId of ids) await sendDelivery({ deliveryId });
  }

  it("e-mails each approver who may decide, once, and posts one Slack message, with a link to the request", async () => {
    const [a, b, gone, viewer] = [
      await makeUser("approver"),
      await makeUser("approver"),
      await makeUser("approver"),
      await makeUser("viewer"),
    ];
    await db().user.update({ where: { id: gone.id }, data: { disabled: true } });
    const { action } = await pendingRefund();
    const requestId = action.approval.id;
    const link = `${CONSOLE_URL}/inbox/${requestId}`;

    const ids = await transaction((tx) => queueApproverNotifications(tx, requestId, "approval.requested"));
    await sendAll(ids);
    const queued = await db().delivery.findMany({ where: { id: { in: ids } } });
    expect(queued.every((d) => d.status === "delivered" && d.actionId === action.id)).toBe(true);

    const approvers = await db().user.findMany({ where: { role: "approver", disabled: false }, select: { email: true } });
    const mails = smtp.messages.filter((m) => readable(m.raw).includes(link));
    expect(mails.flatMap((m) => m.to).sort()).toEqual(approvers.map((u) => u.email).sort());
    for (const user of [a, b]) expect(mails.filter((m) => m.to.includes(user.email))).toHaveLength(1);
    for (const user of [gone, viewer]) expect(mails.some((m) => m.to.includes(user.email))).toBe(false);
    const mail = readable(mails.find((m) => m.to.includes(a.email))!.raw);
    expect(headerOf(mail, "Subject")).toMatch(/^Approval needed: deliveries\.refund on orders-[0-9a-f]+ by agent-[0-9a-f]+$/);
    expect(headerOf(mail, "From")).toBe("Gatehouse Test <gatehouse@example.test>");
    expect(mail).toContain("Who decides: approver, 0 of 1");
    expect(mail).toContain(`Review it: ${link}`);
    expect(mail).toContain(`href="${link}"`);
    expect(mails[0]!.user).toBe("gatehouse"); // signed in with the credentials in SMTP_URL

    const slack = http.received.filter((r) => r.path.startsWith("/slack/") && r.body.includes(link));
    expect(slack).toHaveLength(1);
    const payload = JSON.parse(slack[0]!.body);
    expect(payload.text).toMatch(/^Approval needed: deliveries\.refund on /);
    expect(payload.blocks.at(-1)).toMatchObject({ type: "actions", elements: [{ type: "button", url: link }] });
    // Signed with the notification secret, so a receiver other than Slack can check it.
    expect(verifySignature(NOTIFY_SECRET, slack[0]!.body, slack[0]!.headers["gatehouse-signature"] as string)).toBe(true);
    // The webhook URL is a credential: the row keeps only its host.
    expect(queued.find((d) => d.kind === "slack")?.target).toBe(`${http.url}/…`);
  });

  it("skips an approver who already voted on the request", async () => {
    const policyChain = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: deliveries-quorum
spec:
  agents:
    names: ["*"]
  rules:
    - id: two-approvers
      match: { actions: ["deliveries.quorum"] }
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            quorum: 2
            timeout: 30m
        expiresIn: 2h
`;
    await publishPolicyVersion(
      [
        { path: "policies/deliveries-test.yaml", content: policy(escalationAdmin.email) },
        { path: "policies/deliveries-quorum.yaml", content: policyChain },
      ],
      "delivery tests: quorum",
      TEST_ACTOR,
    );
    const { key } = await makeAgentWithKey();
    const action = (await submit(key, { type: "deliveries.quorum", resource: uniq("orders"), params: {} })) as {
      id: string;
      approval: { id: string };
    };
    const first = await makeUser("approver");
    await decideApproval(action.approval.id, { id: first.id, role: first.role, email: first.email, groups: [] }, "approve", undefined);

    const ids = await transaction((tx) => queueApproverNotifications(tx, action.approval.id, "approval.requested"));
    const emails = await db().delivery.findMany({ where: { id: { in: ids }, kind: "email" }, select: { target: true } });
    expect(emails.length).toBeGreaterThan(0);
    expect(emails.map((e) => e.target)).not.toContain(first.email);
  });

  it("on escalation, notifies the escalation approvers", async () => {
    const { key } = await makeAgentWithKey();
    const action = (await submit(key, { type: "deliveries.escalate", resource: uniq("db"), params: {} })) as {
      id: string;
      approval: { id: string };
    };
    const requestId = action.approval.id;
    expect(await applyTimers(requestId, new Date(Date.now() + 61_000))).toBe(true);
    expect(await db().approvalStep.findFirstOrThrow({ where: { requestId } })).toMatchObject({ escalated: true });

    const ids = await transaction((tx) => queueApproverNotifications(tx, requestId, "approval.escalated"));
    await sendAll(ids);
    const link = `${CONSOLE_URL}/inbox/${requestId}`;
    const mails = smtp.messages.filter((m) => readable(m.raw).includes(link));
    expect(mails.map((m) => m.to)).toEqual([[escalationAdmin.email]]);
    expect(headerOf(mails[0]!.raw, "Subject")).toMatch(/^Approval escalated to you: deliveries\.escalate on /);
    const slack = http.received.filter((r) => r.path.startsWith("/slack/") && r.body.includes(link));
    expect(slack.map((r) => JSON.parse(r.body).text)).toEqual([expect.stringMatching(/^Approval escalated to you:/)]);
  });
});
