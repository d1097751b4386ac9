import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { userActor } from "../../lib/audit/entry";
import { db } from "../../lib/db/client";
import { BadRequestError } from "../../lib/errors";
import { PolicyCheckFailed, publishFiles, rollbackTo, type Publisher, type PublishOutcome } from "../../lib/policy/publish-service";
import { EFFECTS, transitionKey, type ReplayReport } from "../../lib/policy/replay";
import { replayPolicySet, REPLAY_DEFAULT_DAYS, REPLAY_MAX_DAYS } from "../../lib/policy/replay-store";
import { compileOrThrow, PolicyCompileError, versionFiles } from "../../lib/policy/store";
import { versionsView } from "../../lib/policy/studio-store";
import { readPolicyDir } from "../../lib/server/policy-files";
import { CommandFailed, type Command, type CommandInput } from "./commands";

// GitOps: publish a folder, replay it against history, roll back, export and list
// versions — the console's operations, against DATABASE_URL (or the embedded database).

const str = (v: string | string[] | boolean | undefined) => (typeof v === "string" ? v : undefined);

/** A folder's files, named as the console names them (policies/<file>), so versions diff file by file. */
async function folder(dir: string | undefined) {
  if (!dir) throw new BadRequestError("Missing DIR (the folder that holds the policy files)");
  const files = await readPolicyDir(dir, "policies").catch((error: NodeJS.ErrnoException) => {
    throw new BadRequestError(error.code === "ENOENT" ? `${dir}: no such folder` : error.message);
  });
  if (!files.length) throw new BadRequestError(`${dir}: no *.yaml or *.yml files`);
  return files;
}

/** With --as EMAIL of a known user, that user is the author (and so may not approve their own change). */
async function publisher({ options, actor }: CommandInput): Promise<Publisher> {
  const email = str(options.as)?.toLowerCase();
  const user = email ? await db().user.findUnique({ where: { email }, select: { id: true, email: true, role: true } }) : null;
  return user ? { actor: userActor(user), user } : { actor };
}

function message(options: CommandInput["options"]) {
  const m = str(options.message)?.trim();
  if (!m) throw new BadRequestError("Missing --message (say what the change does)");
  return m;
}

/** Errors and failing tests as file:line:col lines, exit 1. */
async function orFailure<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PolicyCheckFailed || error instanceof PolicyCompileError) {
      const lines = Object.values(error.fieldErrors).flat();
      throw new CommandFailed([...lines, "", error.message].join("\n"), { error: { message: error.message, problems: lines } });
    }
    throw error;
  }
}

const outcomeText = (o: PublishOutcome) =>
  o.outcome === "published"
    ? `Published version ${o.version}`
    : `Review is required: change request ${o.changeRequestId} opened (expires ${o.expiresAt})`;

function replayText(r: ReplayReport & { window: { from: string; to: string } }) {
  const moved = EFFECTS.flatMap((a) =>
    EFFECTS.filter((b) => b !== a).map((b) => [transitionKey(a, b), r.transitions[transitionKey(a, b)]] as const),
  ).filter(([, n]) => n > 0);
  return [
    `Replayed ${r.total} actions from ${r.window.from} to ${r.window.to}: ${r.changed} would be decided differently`,
    ...moved.map(([k, n]) => `  ${n} ${k.replace("->", " → ")}`),
    ...r.byRule.map((c) => `  because of ${c.cause}: ${c.changed} (e.g. action ${c.samples[0]})`),
    `Approval requests: ${r.workload.before} → ${r.workload.after}` +
      r.workload.targets.map((t) => `\n  ${t.target}: ${t.before} → ${t.after}`).join(""),
    `Reported apart: ${r.halted} halted by the kill switch, ${r.standing.total} passed by a standing approval`,
  ].join("\n");
}

export const policyCommands: Command[] = [
  {
    name: "policies publish",
    usage: "policies publish DIR --message M",
    summary: "validate, test and publish a folder (a change request when review is required)",
    async run(input) {
      const files = await folder(input.args[0]);
      const outcome = await orFailure(async () => publishFiles({ files, message: message(input.options) }, await publisher(input)));
      return { data: outcome, text: outcomeText(outcome) };
    },
  },
  {
    name: "policies replay",
    usage: "policies replay DIR [--days N] [--agent A] [--type T]",
    summary: "replay a folder against recorded actions and compare with the active version",
    async run({ args, options }) {
      const days = Number(str(options.days) ?? REPLAY_DEFAULT_DAYS);
      if (!Number.isInteger(days) || days < 1 || days > REPLAY_MAX_DAYS)
        throw new BadRequestError(`--days is a whole number from 1 to ${REPLAY_MAX_DAYS}`);
      const files = await folder(args[0]);
      const report = await orFailure(async () =>
        replayPolicySet(compileOrThrow(files), { days, agent: str(options.agent), type: str(options.type) }),
      );
      const { total, changed, transitions, byRule, samples } = report;
      return { data: { total, changed, transitions, byRule, samples }, text: replayText(report) };
    },
  },
  {
    name: "policies rollback",
    usage: "policies rollback N --message M",
    summary: "publish version N's files again as a new version (through review when required)",
    async run(input) {
      const version = Number(input.args[0]);
      if (!Number.isInteger(version) || version < 1) throw new BadRequestError("Missing N (the version to roll back to)");
      const outcome = await orFailure(async () => rollbackTo({ version, message: message(input.options) }, await publisher(input)));
      return { data: outcome, text: outcomeText(outcome) };
    },
  },
  {
    name: "policies export",
    usage: "policies export DIR [--version N]",
    summary: "write a version's files (default: the active one) into a folder",
    async run({ args, options }) {
      const dir = args[0];
      if (!dir) throw new BadRequestError("Missing DIR");
      const { active } = await versionsView();
      const version = str(options.version) ? Number(options.version) : active;
      if (!version) throw new BadRequestError("No policy version is published yet");
      const files = await versionFiles(version);
      await mkdir(dir, { recursive: true });
      const written = [];
      for (const f of files) {
        const target = path.join(dir, path.basename(f.path));
        await writeFile(target, f.content);
        written.push(target);
      }
      return {
        data: { version, files: written },
        text: `Wrote version ${version} to ${dir}: ${written.map((w) => path.basename(w)).join(", ")}`,
      };
    },
  },
  {
    name: "policies versions",
    usage: "policies versions",
    summary: "list published versions: number, author, how published, message",
    async run() {
      const { versions } = await versionsView();
      const how = (v: (typeof versions)[number]) =>
        v.publishedVia === "reviewed"
          ? `reviewed by ${v.reviewedBy}`
          : v.publishedVia === "emergency"
            ? `emergency: ${v.emergencyReason}`
            : "direct";
      return {
        data: versions,
        text: versions
          .map(
            (v) =>
              `${String(v.version).padStart(4)}  ${v.createdAt}  ${(v.author ?? "system").padEnd(28)} ${v.checksum.slice(0, 12)}  ${how(v)}${v.rolledBackFrom ? `, rollback to ${v.rolledBackFrom}` : ""}  ${v.message}`,
          )
          .join("\n"),
      };
    },
  },
];
