import { describe, expect, it } from "vitest";
import { emailMessage, slackMessage, timeLeft, type ApprovalNotice } from "./notification";

const now = new Date("2026-11-24T12:00:00Z");
const notice: ApprovalNotice = {
  event: "approval.requested",
  agent: "billing-bot",
  actionType: "refund.issue",
  resource: "orders/<1234>",
  cost: { amount: "500", currency: "USD" },
  impact: { records: 1, amount: null },
  policy: "refunds",
  rule: "big-refunds",
  reasons: ["rule big-refunds matched: params.amount (500) > 100"],
  reasoning: "Customer was charged twice & asked for a refund",
  step: "approver, 0 of 1",
  dueAt: new Date(now.getTime() + 29 * 60_000 + 30_000),
  now,
  link: "https://gatehouse.example.com/inbox/5f0c",
};

describe("timeLeft", () => {
  it.each([
    [45, "45 s"],
    [29 * 60 + 59, "29 min"],
    [2 * 3600, "2 h"],
    [2 * 3600 + 5 * 60, "2 h 5 min"],
    [3 * 86_400 + 4 * 3600, "3 d 4 h"],
    [0, "overdue"],
    [-10, "overdue"],
  ])("%i s → %s", (seconds, text) => {
    expect(timeLeft(new Date(now.getTime() + seconds * 1000), now)).toBe(text);
  });
});

describe("slackMessage", () => {
  const message = slackMessage(notice);
  const json = JSON.stringify(message);

  it("has a fallback text with the summary and the link", () => {
    expect(message.text).toBe("Approval needed: refund.issue on orders/<1234> by billing-bot — https://gatehouse.example.com/inbox/5f0c");
  });

  it("shows the facts, the explanation, the step, the time left and a button to the request", () => {
    for (const part of [
      "*Agent*\\nbilling-bot",
      "*Amount*\\n500 USD",
      "*Impact*\\n1 records",
      "refunds / big-refunds",
      "approver, 0 of 1",
      "29 min",
      "params.amount (500) &gt; 100",
    ]) {
      expect(json).toContain(part);
    }
    expect(message.blocks.at(-1)).toMatchObject({ type: "actions", elements: [{ type: "button", url: notice.link }] });
  });

  it("escapes mrkdwn control characters in what agents send", () => {
    expect(json).toContain("orders/&lt;1234&gt;");
    expect(json).toContain("charged twice &amp; asked");
  });

  it("says when a request was escalated", () => {
    expect(slackMessage({ ...notice, event: "approval.escalated" }).text).toMatch(/^Approval escalated to you:/);
  });
});

describe("emailMessage", () => {
  const mail = emailMessage(notice);

  it("has a one-line subject and a plain-text body with the link", () => {
    expect(mail.subject).toBe("Approval needed: refund.issue on orders/<1234> by billing-bot");
    expect(mail.text).toContain("Resource: orders/<1234>");
    expect(mail.text).toContain("Who decides: approver, 0 of 1");
    expect(mail.text).toContain(`Review it: ${notice.link}`);
  });

  it("escapes HTML in the HTML body", () => {
    expect(mail.html).toContain("orders/&lt;1234&gt;");
    expect(mail.html).not.toContain("<1234>");
    expect(mail.html).toContain(`<a href="${notice.link}">`);
  });

  it("leaves out what the action did not give", () => {
    const bare = emailMessage({ ...notice, cost: null, impact: null, policy: null, rule: null, reasons: [], reasoning: null, dueAt: null });
    expect(bare.text).not.toMatch(/Amount|Impact|Policy|Why|reasoning|Time left/);
  });
});
