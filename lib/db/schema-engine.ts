import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";

// Prisma's schema engine (what `prisma migrate deploy|diff` run) in its WebAssembly
// build, driven through a driver adapter. No native binary and no download, so
// migrations work on air-gapped machines, on PostgreSQL and on embedded PGlite alike.

// Resolved from the working directory, not bundled: the app runs from its root
// (npm scripts, `next start`, the Docker image's /app).
const ROOT = process.cwd();
const MIGRATIONS_DIR = path.join(/*turbopackIgnore: true*/ ROOT, "prisma", "migrations");
const SCHEMA_FILE = path.join(/*turbopackIgnore: true*/ ROOT, "prisma", "schema.prisma");
const ENGINE_DIR = path.join(/*turbopackIgnore: true*/ ROOT, "node_modules", "@prisma", "schema-engine-wasm");
const NO_FILTER = { externalTables: [], externalEnums: [] };

type Glue = typeof import("@prisma/schema-engine-wasm/schema_engine_bg") & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
};

let gluePromise: Promise<Glue> | undefined;

async function loadGlue(): Promise<Glue> {
  const glue = (await import(
    /* webpackIgnore: true */ /* turbopackIgnore: true */ pathToFileURL(path.join(ENGINE_DIR, "schema_engine_bg.js")).href
  )) as Glue;
  const bytes = await readFile(path.join(ENGINE_DIR, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, {
    "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

export class SchemaEngineError extends Error {}

/** Opens the engine on a driver adapter, runs `fn`, and always frees it. */
export async function withSchemaEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  gluePromise ??= loadGlue();
  const glue = await gluePromise;
  const bound = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  const datamodel = await readFile(SCHEMA_FILE, "utf8");
  const engine = await glue.SchemaEngine.new({ datamodels: [[SCHEMA_FILE, datamodel]] }, () => {}, bound);
  try {
    return await fn(engine);
  } catch (error) {
    throw new SchemaEngineError(explain(error, bound.errorRegistry));
  } finally {
    engine.free();
  }
}

/** Adapter failures surface as "External error id#N"; the registry holds the real one. */
function explain(error: unknown, registry: { consumeError(id: number): { error: unknown } | undefined }) {
  const message = error instanceof Error ? error.message : String(error);
  const id = /External error id#(\d+)/.exec(message)?.[1];
  const cause = id ? registry.consumeError(Number(id))?.error : undefined;
  return cause ? `${message}: ${cause instanceof Error ? cause.message : JSON.stringify(cause)}` : message;
}

export async function readMigrations(): Promise<MigrationList> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true }).catch(() => []);
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: "migration_lock.toml", content: await readFile(lockPath, "utf8").catch(() => null) },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      dirs.map(async (dir) => ({
        path: dir,
        migrationFile: {
          path: "migration.sql",
          content: await readFile(path.join(MIGRATIONS_DIR, dir, "migration.sql"), "utf8").then(
            (value) => ({ tag: "ok" as const, value }),
            (err: Error) => ({ tag: "error" as const, value: err.message }),
          ),
        },
      })),
    ),
  };
}

/** What `prisma migrate deploy` does: applies every pending migration, in order. */
export async function applyMigrations(adapterFactory: SqlMigrationAwareDriverAdapterFactory) {
  const migrationsList = await readMigrations();
  const out = await withSchemaEngine(adapterFactory, (engine) => engine.applyMigrations({ migrationsList, filters: NO_FILTER }));
  return out.appliedMigrationNames;
}

/** SQL that takes a database built from the committed migrations to prisma/schema.prisma. */
export async function diffMigrationsToSchema(shadowFactory: SqlMigrationAwareDriverAdapterFactory) {
  const migrationsList = await readMigrations();
  const datamodel = await readFile(SCHEMA_FILE, "utf8");
  const result = await withSchemaEngine(shadowFactory, (engine) =>
    engine.diff({
      from: { tag: "migrations", ...migrationsList },
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_FILE, content: datamodel }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    }),
  );
  return result.stdout ?? "";
}
