import { randomBytes } from "node:crypto";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { unzipBundle, zipBundle } from "./zip";

const read = async (stream: ReadableStream<Uint8Array>) => {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  return { chunks, archive: new Uint8Array(Buffer.concat(chunks)) };
};

describe("evidence bundle zip", () => {
  it("gives back the same files under the same names, a large one in several chunks as the reader pulls", async () => {
    const files = new Map([
      ["manifest.json", Buffer.from('{"files":[]}\n')],
      ["empty.json", Buffer.alloc(0)],
      ["audit.jsonl", randomBytes(3 * 1024 * 1024 + 17)],
    ]);
    const { chunks, archive } = await read(zipBundle(files));
    expect(chunks.length).toBeGreaterThan(3);
    const back = unzipBundle(archive);
    expect([...back.keys()]).toEqual([...files.keys()]);
    for (const [name, data] of files) expect(back.get(name)!.equals(data), name).toBe(true);
  });

  it("leaves out folder entries of an archive made by another tool", () => {
    const archive = zipSync({ "evidence/": new Uint8Array(), "a.json": strToU8("{}") });
    expect([...unzipBundle(archive).keys()]).toEqual(["a.json"]);
  });
});
