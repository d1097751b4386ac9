import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";

// A throwaway database per run: a fresh database on the server named by
// TEST_DATABASE_URL (created here, dropped at the end), or, when it is not set, a
// fresh embedded database in a temporary folder. Either way, migrated by the app's
// own migration code before any test runs.

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  let teardown: () => Promise<void>;
  if (serverUrl) {
    const name = `gatehouse_test_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
    delete process.env.GATEHOUSE_DATA_DIR;
    teardown = async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    };
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-test-"));
    process.env.GATEHOUSE_DATA_DIR = dir;
    delete process.env.DATABASE_URL;
    teardown = async () => rmSync(dir, { recursive: true, force: true });
  }
  project.provide("databaseUrl", process.env.DATABASE_URL ?? "");
  project.provide("dataDir", process.env.GATEHOUSE_DATA_DIR ?? "");

  const { migrateDatabase } = await import("../../lib/db/migrate");
  const { closeDatabase } = await import("../../lib/db/client");
  await migrateDatabase();
  await closeDatabase();
  return teardown;
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    dataDir: string;
  }
}
