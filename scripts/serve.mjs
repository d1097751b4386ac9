// The console's server process (what `npm start` and the Docker image run): Next.js, with
// the routes registered in lib/http/direct-route.ts (the decision API) handed their
// requests straight from Node's HTTP server. Env: PORT (3000), HOST (0.0.0.0).
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";

process.env.NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED = "1";
// The server closes its job queue and database itself on SIGTERM (lib/server/bootstrap.ts).
process.env.NEXT_MANUAL_SIG_HANDLE = "1";
const dir = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOST || "0.0.0.0";
// The configuration the build was made with, as Next.js's own standalone server passes it:
// the Docker image holds the build, not next.config.js.
process.env.__NEXT_PRIVATE_STANDALONE_CONFIG ||= JSON.stringify(
  JSON.parse(readFileSync(path.join(dir, ".next", "required-server-files.json"), "utf8")).config,
);

const { default: next } = await import("next");
const app = next({ dev: false, dir, hostname, port });
await app.prepare(); // runs instrumentation.ts: migrations, background jobs, the first admin
const nextHandler = app.getRequestHandler();
const directRoutes = () => globalThis["gatehouse:direct-routes"];

const server = http.createServer((req, res) => {
  const direct = directRoutes()?.get(`${req.method} ${req.url}`);
  if (direct) direct(req, res);
  else
    nextHandler(req, res).catch((error) => {
      console.error("request failed", req.method, req.url, error);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
});
server.listen(port, hostname);
server.on("error", (error) => {
  console.error(`Gatehouse could not listen on ${hostname}:${port}: ${error.message}`);
  process.exit(1);
});
