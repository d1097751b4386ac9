import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

// An evidence bundle on disk: a folder of files, named by their paths in the manifest.

export async function writeBundle(dir: string, files: Map<string, Buffer>) {
  await mkdir(dir, { recursive: true });
  for (const [name, data] of files) await writeFile(path.join(dir, name), data);
}

export async function readBundle(dir: string): Promise<Map<string, Buffer>> {
  const names = await readdir(dir);
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(path.join(dir, name))] as const)));
}
