// Starts the console for the e2e suite on a fresh embedded database (the build is
// reused when current; `npm start` rebuilds it otherwise).
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";

const dataDir = path.resolve(import.meta.dirname, ".data");
rmSync(dataDir, { recursive: true, force: true });
const env = { ...process.env, GATEHOUSE_DATA_DIR: dataDir };
delete env.DATABASE_URL;
const child = spawn(process.execPath, [path.resolve(import.meta.dirname, "../scripts/start.mjs")], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
