import { z } from "zod";
import { isQueryTimeInRange } from "./time";

// Keyset pagination on (time, id), newest first: every paginated list hands out
// `<ISO time>_<uuid>` of its last row and takes it back as `cursor`. A cursor that does not
// parse, or names a time that cannot exist or is out of range, is a 422, never a query.

export type Cursor = { at: Date; id: string };

export const encodeCursor = (at: Date, id: string) => `${at.toISOString()}_${id}`;

export function decodeCursor(text: string): Cursor | undefined {
  const [at, id, ...rest] = text.split("_");
  const when = new Date(at ?? "");
  // Date parsing rolls some impossible dates over (2026-02-30 → March 2): only a round trip proves the time exists.
  const exists = isQueryTimeInRange(when) && when.toISOString() === at;
  return !rest.length && exists && z.uuid().safeParse(id).success ? { at: when, id: id! } : undefined;
}

/** A cursor in a query string; stays a string, so parsing twice (route, then service) changes nothing. */
export const cursorSchema = z
  .string()
  .refine((text) => decodeCursor(text) !== undefined, "cursor is not valid: use the nextCursor of the previous page");

/** Rows strictly after the cursor (validated by cursorSchema) in (field desc, id desc) order, as a Prisma `where`. */
export function keysetAfter<F extends string>(field: F, cursorText: string | undefined) {
  const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText);
  return cursor ? { OR: [{ [field]: { lt: cursor.at } }, { [field]: cursor.at, id: { lt: cursor.id } }] } : {};
}
