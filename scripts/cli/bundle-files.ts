import { createWriteStream } from "node:fs";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { pipeline } from "node:stream/promises";
import { unzipBundle, zipBundle } from "../../lib/evidence/zip";

// An evidence bundle on disk: a zip archive (OUT ends in .zip) or a folder of files, named
// by their paths in the manifest.

export const isZipPath = (out: string) => out.toLowerCase().endsWith(".zip");

export async function writeBundle(out: string, files: Map<string, Buffer>) {
  if (isZipPath(out)) {
    await mkdir(path.dirname(out), { recursive: true });
    await pipeline(Readable.fromWeb(zipBundle(files) as NodeReadableStream<Uint8Array>), createWriteStream(out));
    return;
  }
  await mkdir(out, { recursive: true });
  for (const [name, data] of files) await writeFile(path.join(out, name), data);
}

/** A bundle's files from a folder or, given a file, a zip archive. */
export async function readBundle(from: string): Promise<Map<string, Buffer>> {
  if ((await stat(from)).isFile()) return unzipBundle(await readFile(from));
  const names = await readdir(from);
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(path.join(from, name))] as const)));
}
