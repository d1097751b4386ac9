import bcrypt from "bcryptjs";
import { randomBytes } from "node:crypto";

const COST = 12;
// A real hash to compare against when the user does not exist, so that a wrong e-mail
// takes as long as a wrong password (no user enumeration by timing).
const DUMMY_HASH = bcrypt.hashSync("gatehouse-timing-equaliser", COST);

export const hashPassword = (password: string) => bcrypt.hash(password, COST);

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  const ok = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return ok && Boolean(hash);
}

/** A password for generated accounts: 20 characters from an unambiguous alphabet. */
export function generatePassword(length = 20): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}
