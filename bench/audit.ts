// `npm run bench:audit`: the audit trail at scale on a real PostgreSQL. Builds a log of
// BENCH_ENTRIES entries (default 1,000,000) in a throwaway database, then measures, each
// beside a baseline in the same run:
//   - the Merkle tree in memory (hash and root 200,000 leaves), vs SHA-256 of the same bytes alone
//   - append throughput through appendAudit with the sequencer integrating, vs raw pg inserts
//   - sequencer integration rate (entries/s into the Merkle tree, signed checkpoints)
//   - verification of the whole log (re-hash every entry, rebuild the tree, check checkpoints)
//     vs Postgres merely hashing the same rows itself
//   - search p50/p95 for a filtered query and a free-text query, vs the same SQL through raw pg
//   - export rate (JSON Lines with inclusion proofs)
import { createHash } from "node:crypto";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { FLAT_CONTENT_SQL } from "../lib/audit/leaf";
import { CompactRange, leafHash, rootFromLeafHashes, sha256HexOf } from "../lib/audit/merkle";

const SERVER = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const DB_NAME = "gatehouse_bench_audit";
const url = new URL(SERVER);
url.pathname = `/${DB_NAME}`;

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  await c.query(sql);
  await c.end();
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
await admin(`CREATE DATABASE ${DB_NAME}`);
process.env.DATABASE_URL = url.toString();
process.env.LOG_LEVEL = "warn";
const { migrateDatabase } = await import("../lib/db/migrate");
const { closeDatabase } = await import("../lib/db/client");
const { transaction } = await import("../lib/db/transaction");
const { batchTransaction } = await import("../lib/db/batch-transaction");
const audit = await import("../lib/audit/service");
const { searchAudit, exportAudit } = await import("../lib/audit/store");
await migrateDatabase();
const raw = new pg.Pool({ connectionString: url.toString(), max: 20 });
const results: Record<string, string | number>[] = [];

try {
  // 0. The tree's own cost, in memory: leaf hashing (RFC 6962 prefix) and the root, vs plain SHA-256.
  const canon = Array.from({ length: 200_000 }, (_, i) => `{"at":"2026-01-01T00:00:00.000Z","i":${i},"type":"x","v":1}`);
  let t = performance.now();
  rootFromLeafHashes(canon.map((c) => leafHash(c)));
  const treeMs = performance.now() - t;
  t = performance.now();
  for (const c of canon) createHash("sha256").update(c).digest();
  results.push({
    step: "Merkle tree in memory: hash + root of 200,000 leaves",
    value: `${treeMs.toFixed(0)} ms`,
    baseline: `SHA-256 alone: ${(performance.now() - t).toFixed(0)} ms`,
  });

  // 1. Bulk history: ENTRIES realistic entries (10 agents, several event types), made by Postgres itself.
  t = performance.now();
  await raw.query(
    `INSERT INTO agents (id, name, webhook_secret, updated_at) SELECT gen_random_uuid(), 'bench-agent-' || g, 'x', now() FROM generate_series(0, 9) g`,
  );
  await raw.query(`
    WITH agents AS (SELECT array_agg(id ORDER BY name) AS ids, array_agg(name ORDER BY name) AS names FROM agents),
    rows AS (
      SELECT g, (SELECT ids[1 + g % 10] FROM agents) AS agent_id, (SELECT names[1 + g % 10] FROM agents) AS agent_name,
             (ARRAY['action.submitted','policy.evaluated','action.result','approval.voted'])[1 + g % 4] AS event_type,
             (ARRAY['allow','deny','require_approval'])[1 + g % 3] AS decision,
             timestamptz '2026-01-01' + (g * interval '25 seconds') AS at
      FROM generate_series(1, ${ENTRIES}) g)
    INSERT INTO audit_entries (created_at, actor_type, actor_label, event_type, subject_type, subject_id, agent_id, decision, canonical, payload_hash)
    SELECT at, 'agent', agent_name, event_type, 'action', md5(g::text), agent_id, decision, c, encode(sha256(convert_to(c, 'UTF8')), 'hex')
    FROM (SELECT *, json_build_object('v', 1, 'at', at, 'type', event_type, 'agent', agent_name, 'data',
            json_build_object('resource', 'orders/' || g, 'amount', g % 500, 'note', 'refund for order ' || g || (CASE WHEN g % 1000 = 0 THEN ' chargeback dispute' ELSE '' END)))::text AS c
          FROM rows) r`);
  results.push({
    step: `history: ${ENTRIES.toLocaleString()} entries inserted by SQL`,
    value: seconds(performance.now() - t),
    baseline: "",
  });

  // 2. Integration of the whole history into the Merkle tree.
  t = performance.now();
  let integrated = 0;
  for (let n = await audit.integrateBatch(20_000); n > 0; n = await audit.integrateBatch(20_000)) integrated += n;
  const integrateMs = performance.now() - t;
  results.push({
    step: "sequencer: integrate + sign checkpoints",
    value: `${Math.round(integrated / (integrateMs / 1000)).toLocaleString()} entries/s`,
    baseline: seconds(integrateMs) + " total",
  });

  // 3. Append throughput with the sequencer running, vs raw inserts.
  audit.startSequencer(200);
  const appendFor = async (ms: number, one: () => Promise<unknown>) => {
    let n = 0;
    const end = Date.now() + ms;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (Date.now() < end) {
          await one();
          n++;
        }
      }),
    );
    return n / (ms / 1000);
  };
  const event = {
    type: "action.submitted" as const,
    actor: { type: "agent" as const, id: "a", label: "bench-agent-1" },
    data: { resource: "orders/1", amount: 10 },
  };
  const appRate = await appendFor(8000, () => transaction((tx) => audit.appendAudit(tx, event)));
  // As the decision path appends: the entries' one INSERT in a batch transaction (BEGIN; INSERT; COMMIT in one round trip).
  const redaction = await audit.auditRedaction();
  const batchRate = await appendFor(8000, () =>
    batchTransaction((tx) => tx.runAndCommit(audit.auditInsert([event], new Date(), redaction).sql)),
  );
  // The baselines write to a twin table (same columns and indexes, no triggers), so the log stays
  // valid: the very row the decision path writes (its INSERT made once, sent again and again:
  // the database's share without Gatehouse's), and a minimal row (7 bytes of JSON).
  await raw.query(`CREATE TABLE bench_raw_entries (LIKE audit_entries INCLUDING DEFAULTS INCLUDING INDEXES)`);
  const sameRow = audit
    .auditInsert([event], new Date(), redaction)
    .sql.replace(/^INSERT INTO audit_entries /, "INSERT INTO bench_raw_entries ");
  if (!sameRow.startsWith("INSERT INTO bench_raw_entries ")) throw new Error("the baseline would write to the audit trail itself");
  const rawRate = await appendFor(8000, () => raw.query(sameRow));
  const minimalRate = await appendFor(8000, () =>
    raw.query(
      `INSERT INTO bench_raw_entries (actor_type, actor_label, event_type, canonical, payload_hash) VALUES ('agent', 'bench', 'action.submitted', '{"v":1}', $1)`,
      ["0".repeat(64)],
    ),
  );
  audit.stopSequencer();
  await audit.integrateAll();
  results.push({
    step: "append as decisions do (batch transaction, 1 entry each, 20 writers, sequencer on)",
    value: `${Math.round(batchRate).toLocaleString()} entries/s (${((batchRate / rawRate) * 100).toFixed(0)}% of raw)`,
    baseline: `raw pg insert of the same row: ${Math.round(rawRate).toLocaleString()}/s; of a minimal row: ${Math.round(minimalRate).toLocaleString()}/s`,
  });
  results.push({
    step: "append through appendAudit in a Prisma transaction (other changes' path)",
    value: `${Math.round(appRate).toLocaleString()} entries/s (${((appRate / rawRate) * 100).toFixed(0)}% of raw)`,
    baseline: `raw pg insert of the same row: ${Math.round(rawRate).toLocaleString()}/s`,
  });

  // 4. Verification of the whole log, beside what bounds it: PostgreSQL streaming the same two
  // row streams to nowhere, and Node hashing the same bytes (payload, leaf and tree hashes) alone.
  t = performance.now();
  const report = await audit.verifyDatabase();
  const verifyMs = performance.now() - t;
  t = performance.now();
  await raw.query(`SELECT count(*) FROM audit_entries WHERE encode(sha256(convert_to(canonical, 'UTF8')), 'hex') <> payload_hash`);
  const pgHashMs = performance.now() - t;
  const drain = async (sql: string) => {
    const client = await raw.connect();
    try {
      let bytes = 0;
      for await (const chunk of client.query(copyTo(`COPY (${sql}) TO STDOUT`)) as AsyncIterable<Buffer>) bytes += chunk.length;
      return bytes;
    } finally {
      client.release();
    }
  };
  t = performance.now();
  const streamed = await Promise.all([
    drain(`SELECT leaf_index, entry_id, leaf_hash FROM audit_leaves ORDER BY leaf_index`),
    drain(`SELECT id, canonical, payload_hash, ${FLAT_CONTENT_SQL} FROM audit_entries e ORDER BY id`),
  ]);
  const streamMs = performance.now() - t;
  const canonicals = (await raw.query<{ canonical: string }>(`SELECT canonical FROM audit_entries ORDER BY id LIMIT 200000`)).rows.map(
    (r) => r.canonical,
  );
  t = performance.now();
  const tree = new CompactRange();
  for (const c of canonicals) {
    sha256HexOf(c);
    tree.append(leafHash(c));
  }
  const hashPerEntryMs = (performance.now() - t) / canonicals.length;
  results.push({
    step: `verify ${report.entries.toLocaleString()} entries (ok=${report.ok}, ${report.checkpointsVerified} checkpoints)`,
    value: seconds(verifyMs),
    baseline:
      `rows streamed to nowhere: ${seconds(streamMs)} (${(streamed[0]! + streamed[1]!) >> 20} MiB); ` +
      `Node hashing them alone: ${seconds(hashPerEntryMs * report.entries)}; Postgres hashing the rows: ${seconds(pgHashMs)}`,
  });

  // 5. Search latency over the whole log.
  const time = async (runs: number, fn: (i: number) => Promise<unknown>) => {
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      await fn(i);
      xs.push(performance.now() - s);
    }
    return { p50: pct(xs, 50), p95: pct(xs, 95) };
  };
  const day = (i: number) => new Date(Date.UTC(2026, 0, 1 + (i % 200)));
  const filtered = await time(50, (i) =>
    searchAudit({
      agent: `bench-agent-${i % 10}`,
      eventType: "policy.evaluated",
      from: day(i),
      to: new Date(day(i).getTime() + 86_400_000),
      limit: 50,
    }),
  );
  const text = await time(50, (i) => searchAudit({ q: `chargeback ${1000 * (1 + (i % 900))}`, limit: 50 }));
  const rawFiltered = await time(50, (i) =>
    raw.query(
      `SELECT e.* FROM audit_entries e JOIN agents a ON a.id = e.agent_id WHERE a.name = $1 AND e.event_type = 'policy.evaluated' AND e.created_at >= $2 AND e.created_at <= $3 ORDER BY e.id DESC LIMIT 51`,
      [`bench-agent-${i % 10}`, day(i), new Date(day(i).getTime() + 86_400_000)],
    ),
  );
  results.push({
    step: "search: agent + event + 1-day window (p50 / p95)",
    value: `${filtered.p50.toFixed(1)} / ${filtered.p95.toFixed(1)} ms`,
    baseline: `raw SQL: ${rawFiltered.p50.toFixed(1)} / ${rawFiltered.p95.toFixed(1)} ms`,
  });
  results.push({ step: "search: free text (p50 / p95)", value: `${text.p50.toFixed(1)} / ${text.p95.toFixed(1)} ms`, baseline: "" });

  // 6. Export with proofs.
  t = performance.now();
  let lines = 0;
  for await (const _ of exportAudit({ agent: "bench-agent-3" }, "jsonl")) lines++;
  const exportMs = performance.now() - t;
  results.push({
    step: `export JSON Lines with proofs (${(lines - 1).toLocaleString()} entries of one agent)`,
    value: `${Math.round((lines - 1) / (exportMs / 1000)).toLocaleString()} entries/s`,
    baseline: seconds(exportMs) + " total",
  });

  console.log(`\nAudit benchmark — PostgreSQL ${url.host}, ${(await import("node:os")).cpus().length} cores, Node ${process.version}\n`);
  console.table(results);
} finally {
  await raw.end();
  await closeDatabase();
  await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  process.exit(0);
}
