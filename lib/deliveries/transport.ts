import { createTransport, type Transporter } from "nodemailer";
import type { EmailMessage } from "./notification";

// One attempt to hand a message over: an HTTP POST or an SMTP submission. Never throws
// for a failed hand-over; says what happened, so the caller can record it and retry.

export type AttemptResult = { ok: true; responseStatus: number | null } | { ok: false; responseStatus: number | null; error: string };

const HTTP_TIMEOUT_MS = 10_000;
const MAX_ERROR_LENGTH = 500;

const clip = (text: string) => (text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text);

/** "fetch failed: connect ECONNREFUSED 127.0.0.1:9" rather than just "fetch failed". */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause && !error.message.includes(cause) ? `${error.message}: ${cause}` : error.message;
}

/** POSTs a JSON body; only a 2xx counts (redirects are not followed: a webhook answers where it was sent). */
export async function postJson(url: string, body: string, headers: Record<string, string>): Promise<AttemptResult> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Gatehouse-Webhooks/1", ...headers },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
    const text = await response.text().catch(() => "");
    if (response.status >= 200 && response.status < 300) return { ok: true, responseStatus: response.status };
    const detail = text.trim() ? `: ${text.trim()}` : "";
    return { ok: false, responseStatus: response.status, error: clip(`HTTP ${response.status}${detail}`) };
  } catch (error) {
    return { ok: false, responseStatus: null, error: clip(describeError(error)) };
  }
}

// One transporter per SMTP URL and sender, kept for the life of the process.
const transporters = new Map<string, Transporter>();

function transporterFor(smtpUrl: string, from: string): Transporter {
  const key = `${smtpUrl}\n${from}`;
  let transporter = transporters.get(key);
  if (!transporter) {
    transporter = createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 }, { from });
    transporters.set(key, transporter);
  }
  return transporter;
}

/** The SMTP reply code at the start of a server response such as "250 2.0.0 Ok: queued". */
const replyCode = (response: unknown) => (typeof response === "string" && /^\d{3}\b/.test(response) ? Number(response.slice(0, 3)) : null);

export async function sendEmail(smtpUrl: string, from: string, to: string, message: EmailMessage): Promise<AttemptResult> {
  try {
    const info = await transporterFor(smtpUrl, from).sendMail({ to, subject: message.subject, text: message.text, html: message.html });
    if (info.rejected?.length)
      return { ok: false, responseStatus: replyCode(info.response), error: clip(`rejected by the SMTP server: ${info.response ?? to}`) };
    return { ok: true, responseStatus: replyCode(info.response) };
  } catch (error) {
    const code = (error as { responseCode?: unknown }).responseCode;
    return { ok: false, responseStatus: typeof code === "number" ? code : null, error: clip(describeError(error)) };
  }
}
