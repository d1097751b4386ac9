import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { PolicyFile } from "../policy/types";

/** Every *.yaml / *.yml in a folder, sorted by name, named `<label>/<file>` (default: the folder as given). */
export async function readPolicyDir(dir: string, label = dir): Promise<PolicyFile[]> {
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  return Promise.all(names.map(async (name) => ({ path: path.join(label, name), content: await readFile(path.join(dir, name), "utf8") })));
}
