import { db } from "./client";

/**
 * The value kept under `key` in the settings table. The first process to ask stores
 * `create()`'s value; every later call, on any replica, reads that one (a racing
 * process's insert is dropped by ON CONFLICT DO NOTHING). Call it outside transactions.
 */
export async function keptSetting(key: string, create: () => string): Promise<string> {
  await db().setting.createMany({ data: [{ key, value: create() }], skipDuplicates: true });
  const stored = await db().setting.findUniqueOrThrow({ where: { key } });
  return stored.value;
}
