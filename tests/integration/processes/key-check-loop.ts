// Another Gatehouse process, for tests/integration/key-cache.test.ts: checks one API key
// (KEY, against DATABASE_URL) once, so the key is in this process's cache, says "ready",
// then checks it every 20 ms until it is refused and prints the refusal's time.
import { authenticateAgent } from "../../../lib/auth/agent-auth";
import { closeDatabase } from "../../../lib/db/client";
import { UnauthorizedError } from "../../../lib/errors";

const authorization = `Bearer ${process.env.KEY}`;
await authenticateAgent(authorization);
console.log("ready");
for (;;) {
  try {
    await authenticateAgent(authorization);
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
    console.log(`refused ${Date.now()}`);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
}
await closeDatabase();
process.exit(0);
