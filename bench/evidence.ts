// `npm run bench:evidence`: an auditor's evidence bundle over BENCH_ENTRIES audit entries
// (default 100,000) in a throwaway PostgreSQL database. The entries are written the way the
// app writes them (appendAudit: v2 leaves with salted commitments), integrated into the
// Merkle tree with signed checkpoints, then the bundle is built for the whole period,
// written as a folder and as a zip, read back and verified offline, each timed. Baseline in the same
// run: SHA-256 over the same bytes alone, the floor of any verification of those files.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { benchDatabaseUrl } from "./harness";

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000);
const DB_NAME = process.env.BENCH_DB_NAME ?? "gatehouse_bench_evidence";
const PER_TRANSACTION = 500;

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: benchDatabaseUrl("postgres") });
  await c.connect();
  await c.query(sql);
  await c.end();
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
await admin(`CREATE DATABASE ${DB_NAME}`);
process.env.DATABASE_URL = benchDatabaseUrl(DB_NAME);
process.env.LOG_LEVEL = "warn";
const { migrateDatabase } = await import("../lib/db/migrate");
const { closeDatabase } = await import("../lib/db/client");
const { transaction } = await import("../lib/db/transaction");
const audit = await import("../lib/audit/service");
const { buildEvidence } = await import("../lib/evidence/service");
const { verifyBundle } = await import("../lib/evidence/bundle");
const { writeBundle, readBundle } = await import("../scripts/cli/bundle-files");
const { systemActor } = await import("../lib/audit/entry");
await migrateDatabase();
const scratch = mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-evidence-"));

try {
  const from = new Date(Date.now() - 60_000);
  let t = performance.now();
  for (let done = 0; done < ENTRIES; done += PER_TRANSACTION) {
    const n = Math.min(PER_TRANSACTION, ENTRIES - done);
    await transaction((tx) =>
      audit.appendAudit(
        tx,
        Array.from({ length: n }, (_, k) => {
          const i = done + k;
          return {
            type: "action.submitted" as const,
            actor: { type: "agent" as const, id: `agent-${i % 10}`, label: `bench-agent-${i % 10}` },
            subject: { type: "action", id: `action-${i}` },
            data: {
              type: "refund.issue",
              resource: `orders/${i}`,
              params: { amount: i % 500, currency: "USD", customerEmail: `customer${i}@example.com` },
              context: { ticket: `T-${i}` },
            },
          };
        }),
      ),
    );
  }
  const appendMs = performance.now() - t;
  t = performance.now();
  await audit.integrateAll();
  const integrateMs = performance.now() - t;
  console.log(
    `history: ${ENTRIES.toLocaleString()} entries appended in ${seconds(appendMs)}, integrated and signed in ${seconds(integrateMs)}`,
  );

  t = performance.now();
  const files = await buildEvidence({ from, to: new Date(Date.now() + 60_000), actor: systemActor("bench") });
  const buildMs = performance.now() - t;
  const dir = path.join(scratch, "bundle");
  t = performance.now();
  await writeBundle(dir, files);
  const writeMs = performance.now() - t;
  const bytes = [...files.values()].reduce((n, b) => n + b.length, 0);

  const keys = await audit.auditVerifierKeys();
  t = performance.now();
  const report = verifyBundle(await readBundle(dir), keys);
  const verifyMs = performance.now() - t;
  if (!report.ok) throw new Error(`the bundle did not verify: ${report.problems.join("; ")}`);

  t = performance.now();
  for (const data of (await readBundle(dir)).values()) createHash("sha256").update(data).digest();
  const hashOnlyMs = performance.now() - t;

  // The same bundle as the zip the console's button downloads, written and verified the same way.
  const zip = path.join(scratch, "bundle.zip");
  t = performance.now();
  await writeBundle(zip, files);
  const zipMs = performance.now() - t;
  t = performance.now();
  const zipReport = verifyBundle(await readBundle(zip), keys);
  const zipVerifyMs = performance.now() - t;
  if (!zipReport.ok) throw new Error(`the zip did not verify: ${zipReport.problems.join("; ")}`);

  console.log(`bundle: ${files.size} files, ${mib(bytes)} (audit.jsonl ${mib(files.get("audit.jsonl")?.length ?? 0)})`);
  console.log(`zip: ${mib(statSync(zip).size)}, written in ${seconds(zipMs)}, read and verified in ${seconds(zipVerifyMs)}`);
  console.log(`build: ${seconds(buildMs)}; write: ${seconds(writeMs)}`);
  console.log(
    `Evidence verify: ${seconds(verifyMs)} for ${ENTRIES.toLocaleString()} entries (baseline, SHA-256 of the same bytes alone: ${seconds(hashOnlyMs)})`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
  await closeDatabase();
  await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
}
