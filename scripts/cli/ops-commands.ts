import { BadRequestError } from "../../lib/errors";
import { eraseSubject, runRetention } from "../../lib/retention/service";
import { KEY_PURPOSES, type KeyPurpose } from "../../lib/signing-keys/material";
import { rotateSigningKey } from "../../lib/signing-keys/service";
import type { Command } from "./commands";

// Operations: signing-key rotation, retention, erasure.

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
];
