import { createHash } from "node:crypto";
import type { PolicyFile } from "./types";

const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

/** Identifies a policy set: SHA-256 of the JSON of its [path, content] pairs, in order. */
export const checksumOf = (files: readonly PolicyFile[]) => sha256Hex(JSON.stringify(files.map((f) => [f.path, f.content])));
