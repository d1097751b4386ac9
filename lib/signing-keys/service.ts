import { appendAudit } from "../audit/service";
import { systemActor, type Actor } from "../audit/entry";
import { db } from "../db/client";
import { keptSetting } from "../db/settings";
import { transaction, type Tx } from "../db/transaction";
import { env } from "../env";
import { ConflictError } from "../errors";
import { log } from "../log";
import { processSlot } from "../process-singleton";
import { describeKey, generateKeyPem, type KeyMaterial, type KeyPurpose } from "./material";

// The signing keys of the audit checkpoints and of the decision tokens, kept as a key ring
// (signing_keys): the key not retired signs; retired keys stay published, so everything
// they signed still verifies. `keys rotate <purpose>` puts a new key in; a key configured
// in the environment (GATEHOUSE_AUDIT_SIGNING_KEY, GATEHOUSE_DECISION_SIGNING_KEY) is
// rotated by changing the variable, and the ring records each one it has seen.

const CONFIG: Record<KeyPurpose, { variable: "GATEHOUSE_AUDIT_SIGNING_KEY" | "GATEHOUSE_DECISION_SIGNING_KEY"; setting: string }> = {
  audit: { variable: "GATEHOUSE_AUDIT_SIGNING_KEY", setting: "audit_signing_key" },
  decision: { variable: "GATEHOUSE_DECISION_SIGNING_KEY", setting: "decision_signing_key" },
};

/** How often a process looks for a key rotated by another process (the CLI, another replica). */
const RECHECK_MS = 1000;

export type CurrentKey = { pem: string; keyId: string; checkedAt: number };

const slots: Record<KeyPurpose, ReturnType<typeof processSlot<Promise<CurrentKey>>>> = {
  audit: processSlot<Promise<CurrentKey>>("signing-key:audit"),
  decision: processSlot<Promise<CurrentKey>>("signing-key:decision"),
};

const describe = (purpose: KeyPurpose, pem: string) => describeKey(purpose, pem, env().GATEHOUSE_AUDIT_ORIGIN);

/**
 * The key that signs `purpose` now. Loaded (and on first use created) once per process, then
 * re-checked in the background at most once a second, so a rotation made elsewhere takes over
 * within a second without this call ever waiting on the database again. Make the first call
 * outside any transaction: it may write.
 */
export async function signingKey(purpose: KeyPurpose): Promise<CurrentKey> {
  const slot = slots[purpose];
  const current = await slot.getOrCreate(() =>
    ensureSigningKey(purpose).catch((error: unknown) => {
      slot.set(undefined); // a database hiccup at start must not disable signing for good
      throw error;
    }),
  );
  if (Date.now() - current.checkedAt >= RECHECK_MS) {
    current.checkedAt = Date.now();
    void recheck(purpose, current).catch((error: unknown) =>
      log.warn("could not check for a rotated signing key", { purpose, err: error }),
    );
  }
  return current;
}

async function recheck(purpose: KeyPurpose, current: CurrentKey) {
  const active = await db().signingKey.findFirst({ where: { purpose, retiredAt: null }, orderBy: { createdAt: "desc" } });
  if (active?.privateKeyPem && active.keyId !== current.keyId) {
    slots[purpose].set(Promise.resolve({ pem: active.privateKeyPem, keyId: active.keyId, checkedAt: Date.now() }));
    log.info("signing key rotated: signing with the new key", { purpose, keyId: active.keyId });
  }
}

/** Makes sure the ring has the key this process signs with, and returns it. */
async function ensureSigningKey(purpose: KeyPurpose): Promise<CurrentKey> {
  const configured = env()[CONFIG[purpose].variable];
  if (!configured) {
    const active = await db().signingKey.findFirst({ where: { purpose, retiredAt: null }, orderBy: { createdAt: "desc" } });
    if (active?.privateKeyPem) return { pem: active.privateKeyPem, keyId: active.keyId, checkedAt: Date.now() };
  }
  // A configured key, or the first key: the one kept in settings before the ring existed, else a new one.
  const pem = configured ?? (await keptSetting(CONFIG[purpose].setting, () => generateKeyPem(purpose, env().GATEHOUSE_AUDIT_ORIGIN)));
  const material = await describe(purpose, pem);
  await transaction((tx) => adopt(tx, purpose, material, configured ? null : pem, systemActor("configuration"), "environment"));
  return { pem, keyId: material.keyId, checkedAt: Date.now() };
}

/**
 * Makes `material` the signing key of `purpose`: recorded (or un-retired), every other key
 * retired. When it replaces a key, the rotation is audited in the same transaction. Returns
 * the key it replaced.
 */
async function adopt(
  tx: Tx,
  purpose: KeyPurpose,
  material: KeyMaterial,
  privateKeyPem: string | null,
  actor: Actor,
  via: "cli" | "environment",
): Promise<string | null> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`gatehouse.signing_keys.${purpose}`}))`;
  const previous = await tx.signingKey.findFirst({ where: { purpose, retiredAt: null }, orderBy: { createdAt: "desc" } });
  if (previous?.keyId === material.keyId) return null;
  const now = new Date();
  await tx.signingKey.updateMany({ where: { purpose, retiredAt: null }, data: { retiredAt: now } });
  await tx.signingKey.upsert({
    where: { purpose_keyId: { purpose, keyId: material.keyId } },
    create: { purpose, keyId: material.keyId, publicKey: material.publicKey, privateKeyPem, createdAt: now },
    update: { retiredAt: null },
  });
  if (previous)
    await appendAudit(
      tx,
      {
        type: "signing_key.rotated",
        actor,
        subject: { type: "signing_key", id: material.keyId },
        data: { purpose, keyId: material.keyId, previousKeyId: previous.keyId, publicKey: material.publicKey, via },
      },
      now,
    );
  return previous?.keyId ?? null;
}

export type Rotation = { purpose: KeyPurpose; keyId: string; previousKeyId: string | null; publicKey: string };

/** A new signing key for `purpose` from now on; the old one is retired, still published, and still verifies what it signed. */
export async function rotateSigningKey(purpose: KeyPurpose, actor: Actor): Promise<Rotation> {
  const { variable } = CONFIG[purpose];
  if (env()[variable])
    throw new ConflictError(
      `the ${purpose} signing key is set by ${variable}: put the new key there and restart; the ring keeps the old key's public half, so what it signed still verifies`,
    );
  await signingKey(purpose); // the ring has the current key
  const pem = generateKeyPem(purpose, env().GATEHOUSE_AUDIT_ORIGIN);
  const material = await describe(purpose, pem);
  const previousKeyId = await transaction((tx) => adopt(tx, purpose, material, pem, actor, "cli"));
  slots[purpose].set(Promise.resolve({ pem, keyId: material.keyId, checkedAt: Date.now() }));
  return { purpose, ...material, previousKeyId };
}

export type PublishedKey = { keyId: string; publicKey: string; createdAt: Date; retiredAt: Date | null };

/** Every key of `purpose` that has signed, newest first: the public halves only. */
export async function publishedKeys(purpose: KeyPurpose): Promise<PublishedKey[]> {
  await signingKey(purpose);
  return db().signingKey.findMany({
    where: { purpose },
    orderBy: { createdAt: "desc" },
    select: { keyId: true, publicKey: true, createdAt: true, retiredAt: true },
  });
}
