import { EvidencePeriodSchema } from "../../lib/contracts/audit";
import { BadRequestError } from "../../lib/errors";
import { eraseSubject, runRetention } from "../../lib/retention/service";
import { verifyBundle } from "../../lib/evidence/bundle";
import { buildEvidence } from "../../lib/evidence/service";
import { readBundle, writeBundle } from "./bundle-files";
import { KEY_PURPOSES, type KeyPurpose } from "../../lib/signing-keys/material";
import { rotateSigningKey } from "../../lib/signing-keys/service";
import { CommandFailed, type Command } from "./commands";

// Operations: signing-key rotation, retention, erasure, evidence bundles.

function purposeArg(value: string | undefined): KeyPurpose {
  if (!KEY_PURPOSES.includes(value as KeyPurpose)) throw new BadRequestError(`Give the key to rotate: ${KEY_PURPOSES.join(" or ")}`);
  return value as KeyPurpose;
}

export const opsCommands: Command[] = [
  {
    name: "keys rotate",
    usage: "keys rotate audit|decision",
    summary: "sign checkpoints (audit) or decision tokens (decision) with a new key from now on; the old key still verifies",
    async run({ args, actor }) {
      const rotation = await rotateSigningKey(purposeArg(args[0]), actor);
      const what = rotation.purpose === "audit" ? "checkpoints" : "decision tokens";
      return {
        data: rotation,
        text:
          `New ${rotation.purpose} key ${rotation.keyId} signs ${what} from now on` +
          (rotation.previousKeyId ? `; key ${rotation.previousKeyId} is retired and still verifies what it signed` : "") +
          (rotation.purpose === "audit" ? `\nVerifier key: ${rotation.publicKey}` : "\nPublished at /api/v1/keys"),
      };
    },
  },
  {
    name: "retention run",
    usage: "retention run [--dry-run]",
    summary: "remove what is older than its retention period (GATEHOUSE_RETENTION_*_DAYS); --dry-run: only count it",
    async run({ options, actor }) {
      const report = await runRetention({ dryRun: options["dry-run"] === true, actor });
      if (!report.steps.length) return { data: report, text: "No retention period is set (GATEHOUSE_RETENTION_*_DAYS): nothing to do" };
      const verb = report.dryRun ? "would remove" : "removed";
      return {
        data: report,
        text: report.steps
          .map((s) => `${s.kind.padEnd(16)} older than ${s.days} days (before ${s.before}): ${verb} ${s.removed}`)
          .join("\n"),
      };
    },
  },
  {
    name: "erase",
    usage: "erase --subject VALUE [--reference TICKET]",
    summary: "erase a data subject (GDPR Art. 17): every GATEHOUSE_ERASURE_PATHS field holding VALUE; the audit trail still verifies",
    async run({ options, actor }) {
      const value = typeof options.subject === "string" ? options.subject : "";
      const reference = typeof options.reference === "string" ? options.reference : undefined;
      const report = await eraseSubject({ value, reference, actor });
      return {
        data: report,
        text: `Erased from ${report.removed.actions} action(s) and ${report.removed.auditFields} audit field(s) (paths ${report.paths.join(", ")}); recorded as ${report.id}`,
      };
    },
  },
  {
    name: "evidence",
    usage: "evidence --from DATE --to DATE OUT",
    summary:
      "write an evidence bundle for the period (--to DATE includes that day) into OUT, a folder or, ending in .zip, a zip archive: checkpoints, verification, policies, approvals, kill switches, people, keys, retention; a signed manifest",
    async run({ args, options, actor }) {
      const out = args[0];
      if (!out) throw new BadRequestError("Missing OUT (the folder or .zip file to write the bundle into)");
      const { from, to } = EvidencePeriodSchema.parse({ from: options.from, to: options.to });
      const files = await buildEvidence({ from, to, actor });
      await writeBundle(out, files);
      const bytes = [...files.values()].reduce((n, b) => n + b.length, 0);
      return {
        data: { out, files: [...files.keys()], bytes },
        text: `Wrote ${files.size} files (${bytes} bytes) to ${out}; check it with: gatehouse -- evidence verify ${out} --key <verifier key>`,
      };
    },
  },
  {
    name: "evidence verify",
    needsDatabase: false,
    usage: "evidence verify DIR|FILE.zip --key KEY [--key …]",
    summary: "verify an evidence bundle (folder or zip) offline: every file against the manifest, the manifest against a signed checkpoint",
    async run({ args, options }) {
      const bundle = args[0];
      const keys = Array.isArray(options.key) ? options.key : [];
      if (!bundle || !keys.length)
        throw new BadRequestError(
          "Give the bundle's folder or zip file and the log's verifier keys (--key, repeated, or a file with one per line)",
        );
      const started = performance.now();
      const report = verifyBundle(await readBundle(bundle), await readKeys(keys));
      const ms = Math.round(performance.now() - started);
      const text = report.ok
        ? `OK: ${report.files} files match the manifest, recorded under the signed checkpoint of size ${report.checkpointSize} (${ms} ms)`
        : `FAILED:\n${report.problems.map((p) => `  - ${p}`).join("\n")}`;
      if (!report.ok) throw new CommandFailed(text, report);
      return { data: { ...report, ms }, text };
    },
  },
];

/** Verifier keys given as strings or files of keys, one per line. */
async function readKeys(args: string[]): Promise<string[]> {
  const { readFile, stat } = await import("node:fs/promises");
  const out: string[] = [];
  for (const arg of args) {
    const isFile = await stat(arg).then(
      (s) => s.isFile(),
      () => false,
    );
    out.push(...(isFile ? await readFile(arg, "utf8") : arg).split(/\s+/).filter(Boolean));
  }
  return out;
}
