import { z } from "zod";

// A time in a query string: ISO 8601 (one without an offset, as a datetime-local input
// sends it — `YYYY-MM-DDTHH:MM`, with or without seconds and milliseconds — is UTC).
// Bounded to years PostgreSQL and people use, so a far-off date is a 422 here rather
// than an out-of-range error from the database.
const EARLIEST = new Date("1970-01-01T00:00:00Z");
const LATEST = new Date("9999-12-31T23:59:59Z");

const LOCAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?$/;
export const parseQueryTime = (text: string) => new Date(LOCAL.test(text) ? `${text}Z` : text);

const boundedTime = (name: string) =>
  z
    .date(`${name} must be an ISO 8601 time, e.g. 2026-11-24T14:37:00Z or 2026-11-24T15:37:00+01:00`)
    .min(EARLIEST, `${name} must be in the years 1970 to 9999`)
    .max(LATEST, `${name} must be in the years 1970 to 9999`);

export function queryTime(name: string) {
  return z
    .string()
    .optional()
    .transform((v) => (v ? parseQueryTime(v) : undefined))
    .pipe(boundedTime(name).optional());
}

const DATE = /^\d{4}-\d\d-\d\d$/;

/**
 * A time the query string must give. A date alone is that day's start (UTC), or with
 * `endOfDay` its last millisecond: a period "to 2026-11-30" then includes the 30th.
 */
export function requiredQueryTime(name: string, { endOfDay = false } = {}) {
  const missing = `Give ${name}: a date (2026-11-24) or an ISO 8601 time`;
  return z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .transform((v) => parseQueryTime(endOfDay && DATE.test(v) ? `${v}T23:59:59.999Z` : v))
    .pipe(boundedTime(name));
}

/** The same bounds for a time inside a cursor. */
export const isQueryTimeInRange = (d: Date) => !Number.isNaN(d.getTime()) && d >= EARLIEST && d <= LATEST;
