// The admin CLI: `npm run --silent gatehouse -- <command> [options]`. It calls the same
// lib/ services as the console, on the same database configuration (DATABASE_URL, or
// the embedded database, which must not be open in a running console at the same time).
import { parseArgs } from "node:util";
import { SYSTEM, type Actor } from "../lib/audit/entry";
import { closeDatabase } from "../lib/db/client";
import { stopJobs } from "../lib/jobs/queue";
import { prepareBackgroundJobs } from "../lib/server/jobs";
import { ensureMigrated } from "../lib/db/migrate";
import { AppError, ValidationError } from "../lib/errors";
import { toAppError } from "../lib/http/respond";
import { CommandFailed, commands, type Command } from "./cli/commands";

const USAGE = `Gatehouse admin CLI

Usage: npm run --silent gatehouse -- <command> [options] [--json]

${commands.map((c) => `  ${c.usage.padEnd(58)} ${c.summary}`).join("\n")}

Options:
  --json      print machine-readable JSON on stdout
  --as EMAIL  record this user as the actor in the audit trail (default: system "cli")`;

async function main(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
      as: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      password: { type: "string" },
      groups: { type: "string" },
      "sso-only": { type: "boolean" },
      owner: { type: "string" },
      description: { type: "string" },
      scopes: { type: "string" },
      "expires-days": { type: "string" },
      agent: { type: "string" },
      type: { type: "string" },
      reason: { type: "string" },
      "auto-reject": { type: "boolean" },
      message: { type: "string" },
      days: { type: "string" },
      version: { type: "string" },
      "dry-run": { type: "boolean" },
      subject: { type: "string" },
      reference: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      key: { type: "string", multiple: true },
    },
  });
  const json = values.json;
  const wordsOf = (c: Command) => c.name.split(" ").length;
  // The longest name that matches: `evidence verify X` is not `evidence` with OUT "verify".
  const command: Command | undefined = commands
    .filter((c) => c.name === positionals.slice(0, wordsOf(c)).join(" "))
    .sort((a, b) => wordsOf(b) - wordsOf(a))[0];
  if (values.help || !command) {
    if (!values.help && positionals.length) console.error(`Unknown command: ${positionals.join(" ")}\n`);
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  try {
    if (command.needsDatabase !== false) {
      await ensureMigrated();
      await prepareBackgroundJobs(); // a command may enqueue (e.g. the kill switch telling agents)
    }
    const actor: Actor = { ...SYSTEM, label: values.as ? `cli:${values.as}` : "cli" };
    const result = await command.run({ args: positionals.slice(wordsOf(command)), options: values, actor });
    console.log(json ? JSON.stringify(result.data, null, 2) : result.text);
    return 0;
  } catch (error) {
    if (error instanceof CommandFailed) {
      if (json) console.log(JSON.stringify(error.data, null, 2));
      else console.error(error.output);
      return 1;
    }
    const appError = toAppError(error);
    if (!appError && !(error instanceof Error && error.name === "EmbeddedDatabaseBusyError")) throw error;
    const e = appError ?? new AppError("database_busy", (error as Error).message, 503);
    if (json) {
      console.log(JSON.stringify({ error: { code: e.code, message: e.message, details: e.details } }, null, 2));
    } else {
      console.error(`error: ${e.message}`);
      if (e instanceof ValidationError) {
        for (const [field, messages] of Object.entries(e.fieldErrors)) console.error(`  ${field}: ${messages.join("; ")}`);
      }
    }
    return 1;
  } finally {
    if (command.needsDatabase !== false) {
      await stopJobs();
      await closeDatabase();
    }
  }
}

process.exitCode = await main(process.argv.slice(2));
