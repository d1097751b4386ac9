import path from "node:path";
import { backupDatabase, restoreDatabase, type BackupResult } from "../../lib/db/backup";
import { BadRequestError } from "../../lib/errors";
import type { Command, CommandInput } from "./commands";

// Backup and restore of the configured database (lib/db/backup.ts). They open the
// database themselves: a restore must find it empty, not migrated first.

function file({ args }: CommandInput) {
  if (!args[0]) throw new BadRequestError("Missing FILE");
  return path.resolve(args[0]);
}

const describe = (verb: string, r: BackupResult) =>
  `${verb} ${r.database === "postgres" ? "PostgreSQL (DATABASE_URL)" : "the embedded database"} ${verb === "Backed up" ? "to" : "from"} ${r.file}: ` +
  `${(r.bytes / 1024 / 1024).toFixed(1)} MiB in ${(r.ms / 1000).toFixed(1)} s`;

export const backupCommands: Command[] = [
  {
    name: "backup",
    usage: "backup FILE",
    summary: "write a consistent backup of the database (PostgreSQL: pg_dump, while serving; embedded: console stopped)",
    needsDatabase: false,
    async run(input) {
      const result = await backupDatabase(file(input));
      return { data: result, text: describe("Backed up", result) };
    },
  },
  {
    name: "restore",
    usage: "restore FILE",
    summary: "restore a backup into an empty database (a new DATABASE_URL database, or a new GATEHOUSE_DATA_DIR)",
    needsDatabase: false,
    async run(input) {
      const result = await restoreDatabase(file(input));
      return { data: result, text: `${describe("Restored", result)}\nStart the console on it; it applies any newer migrations.` };
    },
  },
];
