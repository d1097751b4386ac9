// The one error family of Gatehouse. Services throw these; lib/http/respond.ts maps
// them to HTTP in one place; server actions turn them into form messages.

export type ErrorDetails = Record<string, unknown> | unknown[];

export class AppError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status: number,
    public readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, details?: ErrorDetails) {
    super("bad_request", message, 400, details);
  }
}

/** Input that parsed but is not acceptable; `details.fieldErrors` names each field. */
export class ValidationError extends AppError {
  constructor(message: string, fieldErrors: Record<string, string[]> = {}) {
    super("validation_failed", message, 422, { fieldErrors });
  }
  get fieldErrors() {
    return (this.details as { fieldErrors: Record<string, string[]> }).fieldErrors;
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "Authentication required") {
    super("unauthorized", message, 401);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "You do not have permission to do this") {
    super("forbidden", message, 403);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super("not_found", `${what} not found`, 404);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: ErrorDetails) {
    super("conflict", message, 409, details);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super("payload_too_large", `Request body is larger than ${limitBytes} bytes`, 413);
  }
}

export class LockedError extends AppError {
  constructor(message: string, details?: ErrorDetails) {
    super("halted", message, 423, details);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    public readonly retryAfterSeconds: number,
  ) {
    super("too_many_requests", message, 429, { retryAfterSeconds });
  }
}

/** The database (or another service Gatehouse needs) is briefly away: try again shortly. */
export class ServiceUnavailableError extends AppError {
  constructor(
    message: string,
    public readonly retryAfterSeconds: number,
  ) {
    super("unavailable", message, 503, { retryAfterSeconds });
  }
}
