// A small typed client for the Gatehouse agent API. It needs only `fetch` (Node 18+,
// Deno, Bun, browsers) and this project's contract types; copy this file and
// lib/contracts/actions.ts into an agent's code base to use it.
import type { ActionResponse, ActionResultInput, StatusResponse, SubmitActionInput } from "../contracts/actions";

export type { ActionResponse, StatusResponse, SubmitActionInput };

export class GatehouseError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
    /** For 423: the recorded (halted) action. */
    public readonly action?: ActionResponse,
    /** Seconds the server asked to wait before a retry (Retry-After), 1 when it did not say. */
    public readonly retryAfterSeconds = 1,
  ) {
    super(message);
    this.name = "GatehouseError";
  }
}

export type GatehouseClientOptions = {
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** How many times to retry a 503 (Gatehouse's database briefly away), after its Retry-After; 3 unless set. */
  retries?: number;
};

/** The longest Retry-After the client honours (seconds). */
const MAX_RETRY_AFTER_SECONDS = 30;

export class GatehouseClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: GatehouseClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/$/, "");
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** Ask before acting. Throws GatehouseError (status 423) when a kill switch halts the agent. */
  submitAction(action: SubmitActionInput): Promise<ActionResponse> {
    return this.request("POST", "/api/v1/actions", action);
  }

  /** Read an action; with `waitSeconds` (≤ 60), waits for a pending action's decision. */
  getAction(id: string, waitSeconds = 0): Promise<ActionResponse> {
    const query = waitSeconds > 0 ? `?wait=${Math.min(60, Math.floor(waitSeconds))}` : "";
    return this.request("GET", `/api/v1/actions/${encodeURIComponent(id)}${query}`, undefined, (waitSeconds + 10) * 1000);
  }

  /** Submit, then wait (re-polling up to `maxWaitSeconds`) until the action is no longer pending. */
  async decide(action: SubmitActionInput, maxWaitSeconds = 3600): Promise<ActionResponse> {
    let current = await this.submitAction(action);
    const deadline = Date.now() + maxWaitSeconds * 1000;
    while (current.status === "pending" && Date.now() < deadline) {
      current = await this.getAction(current.id, Math.min(60, Math.ceil((deadline - Date.now()) / 1000)));
    }
    return current;
  }

  reportResult(id: string, result: ActionResultInput): Promise<ActionResponse> {
    return this.request("POST", `/api/v1/actions/${encodeURIComponent(id)}/result`, result);
  }

  status(): Promise<StatusResponse> {
    return this.request("GET", "/api/v1/status");
  }

  whoami(): Promise<{ agent: { id: string; name: string; labels: Record<string, string> }; key: { prefix: string; scopes: string[] } }> {
    return this.request("GET", "/api/v1/whoami");
  }

  /** The public keys (JWKS) that verify `decisionToken`s: hand them to `verifyDecisionToken` (lib/decision-token/verify.ts). */
  decisionKeys(): Promise<{ keys: Record<string, unknown>[] }> {
    return this.request("GET", "/api/v1/keys");
  }

  private async request<T>(method: string, path: string, body?: unknown, timeoutMs = this.options.timeoutMs ?? 30_000): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.requestOnce<T>(method, path, body, timeoutMs);
      } catch (error) {
        // 503 means nothing was decided (the database was away): the same request is safe to send again.
        if (!(error instanceof GatehouseError) || error.status !== 503 || attempt >= (this.options.retries ?? 3)) throw error;
        await new Promise((resolve) => setTimeout(resolve, error.retryAfterSeconds * 1000));
      }
    }
  }

  private async requestOnce<T>(method: string, path: string, body: unknown, timeoutMs: number): Promise<T> {
    const res = await this.fetchImpl(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.options.apiKey}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const payload = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string; details?: unknown } };
    if (!res.ok) {
      const e = payload.error ?? { code: "http_error", message: `HTTP ${res.status}` };
      const retryAfter = Number(res.headers.get("retry-after"));
      throw new GatehouseError(
        res.status,
        e.code,
        e.message,
        e.details,
        res.status === 423 ? (payload as unknown as ActionResponse) : undefined,
        Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, MAX_RETRY_AFTER_SECONDS) : 1,
      );
    }
    return payload as T;
  }
}
