import { ZodError } from "zod";
import { AppError, ServiceUnavailableError, ValidationError } from "../errors";
import { isDatabaseUnavailable, isUniqueViolation, uniqueViolationTarget } from "../db/errors";
import { log } from "../log";

// The single mapping from errors to HTTP responses: { error: { code, message, details? } }.

/** How long an agent is told to wait before retrying while the database is away. */
export const DATABASE_RETRY_SECONDS = 2;

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

export function zodToValidationError(error: ZodError, message = "Request is not valid"): ValidationError {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return new ValidationError(message, fieldErrors);
}

export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return zodToValidationError(error);
  if (isUniqueViolation(error)) {
    const target = uniqueViolationTarget(error);
    return new AppError("conflict", `A record with this ${target ?? "value"} already exists`, 409);
  }
  if (isDatabaseUnavailable(error)) {
    log.warn("database unavailable", { err: error });
    return new ServiceUnavailableError(`The database is unavailable; try again in ${DATABASE_RETRY_SECONDS} s`, DATABASE_RETRY_SECONDS);
  }
  return undefined;
}

/**
 * A route's handler for the methods it does not serve: a JSON 405 naming the allowed ones
 * (Next.js answers those with an empty body otherwise).
 */
export function methodNotAllowed(...allowed: string[]) {
  const refuse = (request: Request) =>
    toHttpResponse(
      new AppError(
        "method_not_allowed",
        `${request.method} is not allowed on ${new URL(request.url).pathname}; use ${allowed.join(" or ")}`,
        405,
      ),
      { Allow: allowed.join(", ") },
    );
  // Marked, so the route coverage test tells a refusal from an endpoint.
  return Object.assign(refuse, { allowedMethods: allowed });
}

export function toHttpResponse(error: unknown, headers?: HeadersInit): Response {
  const appError = toAppError(error);
  if (!appError) {
    log.error("unhandled error", { err: error });
    return Response.json(
      { error: { code: "internal_error", message: "Something went wrong on the server. It has been logged." } } satisfies ErrorBody,
      { status: 500, headers },
    );
  }
  const body: ErrorBody = { error: { code: appError.code, message: appError.message } };
  if (appError.details !== undefined) body.error.details = appError.details;
  const extra = new Headers(headers);
  const retry = (appError.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  if ((appError.status === 429 || appError.status === 503) && retry) extra.set("Retry-After", String(retry));
  return Response.json(body, { status: appError.status, headers: extra });
}
