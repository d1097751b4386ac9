// `npm run audit:verify`: checks the live audit trail (every entry re-hashed, the tree
// rebuilt, every checkpoint's signature and root, entries slipped in after the fact)
// and prints what is wrong and where. Exit 1 when anything is wrong.
import { integrateAll, verifyDatabase } from "../lib/audit/service";
import { closeDatabase } from "../lib/db/client";
import { ensureMigrated } from "../lib/db/migrate";

await ensureMigrated();
const integrated = await integrateAll();
const report = await verifyDatabase();
if (process.argv.includes("--json")) {
  console.log(JSON.stringify(report, null, 2));
} else {
  if (integrated) console.log(`(integrated ${integrated} new entries first)`);
  console.log(
    `${report.ok ? "OK" : "FAILED"}: ${report.entries} entries re-hashed (${report.verifiedInFull} in full, ${report.verifiedByCommitment} by commitment only: content removed by retention or erasure), ` +
      `${report.checkpointsVerified}/${report.checkpoints} checkpoints verified, ` +
      `signed size ${report.signedSize}, root ${report.rootHash.slice(0, 16)}…, ${Math.round(report.elapsedMs)} ms`,
  );
  if (report.firstBadReason) console.log(`first bad entry: ${report.firstBadReason}`);
  for (const p of report.problems) console.log(`  - ${p.message}`);
  if (report.problemsOmitted) console.log(`  … and ${report.problemsOmitted} more`);
  for (const o of report.notInTree) console.log(`  - ${o.message}`);
}
await closeDatabase();
process.exitCode = report.ok ? 0 : 1;
