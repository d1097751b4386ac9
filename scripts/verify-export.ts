// Offline verifier for an audit export: `npm run audit:verify-export -- FILE --key VERIFIER_KEY_OR_FILE… [--origin ORIGIN]`
//
// The export is JSON Lines (see lib/audit/export-format.ts):
//   {"type":"checkpoint","note":"…"}                       first line: the signed checkpoint
//   {"type":"entry","seq":N,"createdAt":"…","eventType":"…","canonical":"…",
//    "payloadHash":"…","leafHash":"…","inclusionProof":["hex",…]}   one per entry (may be a filtered subset)
//
// Checks the checkpoint's Ed25519 signature against the verifier keys (any one of the log's keys,
// current or rotated away from, may have signed it) and its origin, if given,
// then for every entry: payloadHash = SHA-256(canonical), leafHash = SHA-256(0x00 || canonical),
// createdAt/eventType agree with the canonical JSON, seqs ascend, and the RFC 9162 inclusion proof
// leads from the entry to the checkpoint's root at the checkpoint's tree size.
// No database, no Next.js: only node built-ins and the pure lib/audit modules.
// Exit status: 0 verified, 1 verification failed, 2 usage or I/O error.
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { CheckpointError, openCheckpoint, parseVerifierKey, type Checkpoint, type NoteVerifier } from "../lib/audit/checkpoint";
import { ExportFormatError, checkEntryMetadata, parseExportLine, type ExportLine } from "../lib/audit/export-format";
import { verifyInclusion } from "../lib/audit/merkle";
import { checkEntry } from "../lib/audit/leaf";

const USAGE = `Usage: npm run audit:verify-export -- FILE --key VERIFIER_KEY_OR_FILE [--key …] [--origin ORIGIN]

  FILE       a JSON Lines audit export
  --key      the log's verifier key (<name>+<key id>+<base64 key>), or a file with one key per line;
             repeat it for a log whose key was rotated (GET /api/v1/audit/checkpoint lists them all)
  --origin   require the checkpoint to be for this log origin`;

class UsageError extends Error {}

function readVerifierKeys(arg: string): NoteVerifier[] {
  const text = existsSync(arg) && statSync(arg).isFile() ? readFileSync(arg, "utf8") : arg;
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((key) => {
      try {
        return parseVerifierKey(key);
      } catch (e) {
        throw new UsageError(`invalid verifier key: ${(e as Error).message}`);
      }
    });
}

async function main(argv: string[]): Promise<number> {
  let values: { key?: string[]; origin?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { key: { type: "string", multiple: true }, origin: { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [file, ...rest] = positionals;
  if (file === undefined || rest.length > 0 || values.key === undefined) throw new UsageError("expected one FILE and --key");
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such file: ${file}`);
  const verifiers = values.key.flatMap(readVerifierKeys);
  if (verifiers.length === 0) throw new UsageError("--key names no verifier key");

  const rl = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let lineNo = 0;
  let checkpoint: Checkpoint | undefined;
  let root: Buffer = Buffer.alloc(0);
  let size = 0;
  let entries = 0;
  let verified = 0;
  let prevSeq = -1;
  const bad: string[] = [];

  for await (const text of rl) {
    lineNo++;
    let line: ExportLine;
    try {
      line = parseExportLine(text);
    } catch (e) {
      if (!(e instanceof ExportFormatError)) throw e;
      if (lineNo === 1) return fatal(`line 1: ${e.message} (the first line must be the checkpoint)`);
      bad.push(`line ${lineNo}: ${e.message}`);
      continue;
    }

    if (lineNo === 1) {
      if (line.type !== "checkpoint") return fatal(`line 1: expected the checkpoint line, found an ${line.type} line`);
      try {
        checkpoint = openCheckpoint(line.note, verifiers, values.origin === undefined ? {} : { origin: values.origin });
      } catch (e) {
        if (e instanceof CheckpointError) return fatal(`line 1: checkpoint rejected (${e.code}): ${e.message}`);
        throw e;
      }
      if (checkpoint.treeSize > BigInt(Number.MAX_SAFE_INTEGER))
        return fatal(`line 1: checkpoint tree size ${checkpoint.treeSize} is beyond what this verifier supports`);
      size = Number(checkpoint.treeSize);
      root = checkpoint.rootHash;
      continue;
    }
    if (line.type !== "entry") {
      bad.push(`line ${lineNo}: unexpected ${line.type} line (only the first line may be a checkpoint)`);
      continue;
    }

    entries++;
    const { seq } = line;
    const why: string[] = [];
    if (seq <= prevSeq) why.push(`seq ${seq} does not follow seq ${prevSeq} (duplicate or out of order)`);
    prevSeq = Math.max(prevSeq, seq);
    const hashes = checkEntry(seq, line);
    why.push(...hashes.problems.map((p) => p.message.replace(/^entry \d+: /, "")));
    why.push(...checkEntryMetadata(line));
    if (seq >= size) why.push(`seq ${seq} is not covered by the checkpoint (tree size ${size})`);
    else if (
      !verifyInclusion(
        seq,
        size,
        Buffer.from(hashes.leafHash, "hex"),
        line.inclusionProof.map((h) => Buffer.from(h, "hex")),
        root,
      )
    )
      why.push(`inclusion proof does not lead to the checkpoint root at size ${size}`);
    if (why.length > 0) bad.push(`line ${lineNo} (seq ${seq}): ${why.join("; ")}`);
    else verified++;
  }

  if (checkpoint === undefined) return fatal("empty export: no checkpoint line");
  const where = `checkpoint size ${size} (origin ${checkpoint.origin})`;
  if (bad.length > 0) {
    for (const b of bad) console.error(b);
    console.error(`FAILED: ${bad.length} bad line(s) of ${lineNo}; ${verified} of ${entries} entries verified against ${where}`);
    return 1;
  }
  console.log(`verified ${entries} entries against ${where}`);
  return 0;
}

function fatal(message: string): number {
  console.error(message);
  console.error("FAILED: nothing in this export can be trusted");
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else {
      console.error(e instanceof Error ? `error: ${e.message}` : e);
      process.exitCode = 2;
    }
  },
);
