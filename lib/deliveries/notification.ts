// What approvers are told when a request opens or escalates: one summary, rendered as a
// Slack-compatible incoming-webhook payload and as an e-mail (plain text and HTML).
// Pure: the service gathers the facts, these functions only format them.
import { formatDuration, utcMinute } from "../format/time";

export type ApproverEvent = "approval.requested" | "approval.escalated";

export type ApprovalNotice = {
  event: ApproverEvent;
  agent: string;
  actionType: string;
  resource: string;
  cost: { amount: string; currency: string } | null;
  impact: { records: number | null; amount: string | null } | null;
  policy: string | null;
  rule: string | null;
  /** The policy's explanation: why this action needs a human. */
  reasons: string[];
  /** The agent's own reasoning, if it gave one. */
  reasoning: string | null;
  /** Who may decide now, e.g. "approver, 0 of 1" (describeStep). */
  step: string;
  /** The next deadline: the step's timeout or the request's expiry, whichever is first. */
  dueAt: Date | null;
  now: Date;
  link: string;
};

export type SlackMessage = { text: string; blocks: object[] };
export type EmailMessage = { subject: string; text: string; html: string };

const HEADLINE: Record<ApproverEvent, string> = {
  "approval.requested": "Approval needed",
  "approval.escalated": "Approval escalated to you",
};

/** "45 s", "29 min", "2 h 5 min", "3 d 4 h"; "overdue" once past. */
export function timeLeft(dueAt: Date, now: Date): string {
  const ms = dueAt.getTime() - now.getTime();
  return ms < 1000 ? "overdue" : formatDuration(ms, "words");
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The facts as label/value pairs, in the order every rendering shows them. */
function facts(n: ApprovalNotice): [string, string][] {
  const rows: [string, string][] = [
    ["Agent", n.agent],
    ["Action", n.actionType],
    ["Resource", n.resource],
  ];
  if (n.cost) rows.push(["Amount", `${n.cost.amount} ${n.cost.currency}`]);
  if (n.impact && (n.impact.records !== null || n.impact.amount !== null)) {
    rows.push([
      "Impact",
      [n.impact.records !== null ? `${n.impact.records} records` : null, n.impact.amount !== null ? `amount ${n.impact.amount}` : null]
        .filter(Boolean)
        .join(", "),
    ]);
  }
  if (n.policy || n.rule) rows.push(["Policy", [n.policy, n.rule].filter(Boolean).join(" / ")]);
  rows.push(["Who decides", n.step]);
  if (n.dueAt) rows.push(["Time left", `${timeLeft(n.dueAt, n.now)} (until ${utcMinute(n.dueAt)})`]);
  return rows;
}

const summary = (n: ApprovalNotice) => `${HEADLINE[n.event]}: ${n.actionType} on ${n.resource} by ${n.agent}`;

/** Slack's mrkdwn needs only &, < and > escaped. */
const mrkdwn = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function slackMessage(n: ApprovalNotice): SlackMessage {
  const blocks: object[] = [
    { type: "header", text: { type: "plain_text", text: clip(HEADLINE[n.event], 150) } },
    {
      type: "section",
      text: { type: "mrkdwn", text: clip(`*${mrkdwn(n.actionType)}* on \`${mrkdwn(n.resource)}\` by *${mrkdwn(n.agent)}*`, 3000) },
      fields: facts(n)
        .slice(0, 10)
        .map(([label, value]) => ({ type: "mrkdwn", text: clip(`*${label}*\n${mrkdwn(value)}`, 2000) })),
    },
  ];
  if (n.reasons.length)
    blocks.push({ type: "section", text: { type: "mrkdwn", text: clip(n.reasons.map((r) => `• ${mrkdwn(r)}`).join("\n"), 3000) } });
  if (n.reasoning)
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: clip(`Agent's reasoning: ${mrkdwn(n.reasoning)}`, 3000) }] });
  blocks.push({
    type: "actions",
    elements: [{ type: "button", text: { type: "plain_text", text: "Review in Gatehouse" }, url: n.link, style: "primary" }],
  });
  // `text` is the fallback shown in notifications and by webhooks that ignore blocks.
  return { text: `${summary(n)} — ${n.link}`, blocks };
}

const html = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function emailMessage(n: ApprovalNotice): EmailMessage {
  const rows = facts(n);
  const text = [
    `${HEADLINE[n.event]}.`,
    "",
    ...rows.map(([label, value]) => `${label}: ${value}`),
    ...(n.reasons.length ? ["", "Why:", ...n.reasons.map((r) => `- ${r}`)] : []),
    ...(n.reasoning ? ["", `Agent's reasoning: ${n.reasoning}`] : []),
    "",
    `Review it: ${n.link}`,
  ].join("\n");
  const body = [
    `<p><strong>${html(HEADLINE[n.event])}</strong></p>`,
    `<table cellpadding="4" cellspacing="0">${rows.map(([label, value]) => `<tr><td style="color:#71717a">${html(label)}</td><td>${html(value)}</td></tr>`).join("")}</table>`,
    n.reasons.length ? `<p>Why:</p><ul>${n.reasons.map((r) => `<li>${html(r)}</li>`).join("")}</ul>` : "",
    n.reasoning ? `<p style="color:#52525b">Agent's reasoning: ${html(n.reasoning)}</p>` : "",
    `<p><a href="${html(n.link)}">Review it in Gatehouse</a></p>`,
  ].join("\n");
  return {
    subject: clip(summary(n).replace(/\s+/g, " "), 200),
    text,
    html: `<!doctype html><html><body style="font-family:sans-serif;font-size:14px">${body}</body></html>`,
  };
}
