// `npm run policies:check [dir]`: compiles every *.yaml/*.yml in dir (default policies/),
// prints each error as file:line:col: path: message, runs the test cases the policies
// carry against the whole set, and exits 1 on any error or failing test.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { checkPolicySet } from "../lib/policy/check";
import { formatPolicyError, formatTestResult } from "../lib/policy/index";
import { readPolicyDir } from "../lib/server/policy-files";

export async function checkPolicyDir(dir: string): Promise<{ ok: boolean; output: string }> {
  const lines: string[] = [];
  const files = await readPolicyDir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw new Error(`${dir}: no such folder`);
    if (error.code === "ENOTDIR") throw new Error(`${dir}: not a folder (give the folder that holds the policy files)`);
    throw error;
  });
  if (files.length === 0) return { ok: false, output: `${dir}: no *.yaml or *.yml files` };
  const check = checkPolicySet(files); // the same check as the studio and every publish
  if (!check.set) {
    lines.push(...check.errors.map(formatPolicyError), "", `${check.errors.length} error(s) in ${files.length} file(s); no test was run`);
    return { ok: false, output: lines.join("\n") };
  }
  const { set, tests: results } = check;
  lines.push(`${set.policies.length} policies in ${files.length} files compiled (checksum ${set.checksum.slice(0, 12)})`);
  for (const p of set.policies) lines.push(`  ${p.name.padEnd(24)} ${p.file}  rules ${p.rules}, limits ${p.limits}, tests ${p.tests}`);
  lines.push("");
  lines.push(...results.map(formatTestResult));
  const failed = results.filter((r) => !r.passed).length;
  lines.push("", `${results.length - failed} passed, ${failed} failed`);
  return { ok: failed === 0, output: lines.join("\n") };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const dir = process.argv[2] ?? "policies";
  checkPolicyDir(dir).then(
    ({ ok, output }) => {
      console.log(output);
      process.exitCode = ok ? 0 : 1;
    },
    (error: unknown) => {
      console.error(`policies:check: ${(error as Error).message}`);
      process.exitCode = 1;
    },
  );
}
