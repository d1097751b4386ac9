import { unzipSync, Zip, ZipDeflate } from "fflate";

// An evidence bundle as a zip archive: the same files under the same names as in the
// folder and the manifest. Written as a stream (the console's download, the CLI's file),
// read whole (the offline verifier). Pure.

/** How much of a file is deflated per pull: the stream's output follows its reader. */
const SLICE = 1 << 20;

/** The bundle's files as a zip archive, deflated as the reader pulls. */
export function zipBundle(files: Map<string, Uint8Array>): ReadableStream<Uint8Array> {
  const pending = [...files];
  let current: { entry: ZipDeflate; data: Uint8Array; offset: number } | undefined;
  let zip: Zip;
  let produced = false;
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      zip = new Zip((error, chunk, final) => {
        if (error) {
          done = true;
          return controller.error(error);
        }
        if (chunk.length) {
          produced = true;
          controller.enqueue(chunk);
        }
        if (final) {
          done = true;
          controller.close();
        }
      });
    },
    pull() {
      // A pull must enqueue something (or end the stream), or the stream stalls: deflate buffers small inputs.
      produced = false;
      while (!produced && !done) {
        if (!current) {
          const next = pending.shift();
          if (!next) {
            zip.end(); // writes the central directory, and so closes the stream
            break;
          }
          const entry = new ZipDeflate(next[0]);
          zip.add(entry);
          current = { entry, data: next[1], offset: 0 };
        }
        const end = Math.min(current.offset + SLICE, current.data.length);
        const last = end === current.data.length;
        current.entry.push(current.data.subarray(current.offset, end), last);
        current.offset = end;
        if (last) current = undefined;
      }
    },
    cancel() {
      done = true;
      zip.terminate();
    },
  });
}

/** A zip archive's files (folders left out), name → bytes, as `verifyBundle` takes them. */
export function unzipBundle(archive: Uint8Array): Map<string, Buffer> {
  const entries = unzipSync(archive, { filter: (file) => !file.name.endsWith("/") });
  return new Map(Object.entries(entries).map(([name, data]) => [name, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
}
