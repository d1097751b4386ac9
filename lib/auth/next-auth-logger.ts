import type { LoggerInstance } from "next-auth";
import { log } from "../log";
import { noteProviderError } from "./sso-outcome";

// next-auth's logger into the console's JSON lines: one line per event, the error's
// name, code and message, no stack trace. Debug metadata is left out: it holds tokens.

type Metadata = { error?: unknown; message?: unknown; providerId?: unknown; error_description?: unknown } | Error | undefined;

function describe(error: unknown) {
  if (typeof error !== "object" || error === null) return error === undefined ? undefined : String(error);
  const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
  return { name, message: String(message), ...(code ? { code } : {}) };
}

export const nextAuthLogger: Partial<LoggerInstance> = {
  error(code: string, metadata: Metadata) {
    const error = metadata instanceof Error ? metadata : (metadata?.error ?? metadata);
    noteProviderError(error);
    // Errors the browser reports (/api/auth/_log) arrive flattened, with a top-level message.
    const extra =
      metadata instanceof Error
        ? {}
        : { providerId: metadata?.providerId, description: metadata?.error_description, message: metadata?.message };
    // Someone pressing Cancel at the provider is not a fault.
    const level = (error as { message?: unknown } | undefined)?.message === "access_denied" ? "warn" : "error";
    log[level](`next-auth: ${code}`, { code, error: describe(error), ...extra });
  },
  warn(code: string) {
    log.warn(`next-auth: ${code}`, { code });
  },
  debug(code: string) {
    log.debug(`next-auth: ${code}`, { code });
  },
};
