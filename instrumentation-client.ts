import { z } from "zod";

// Runs in the browser before the console's own code. zod compiles object schemas with
// `new Function` when it may, and probes for that first; under the console's
// Content-Security-Policy (no 'unsafe-eval') the probe is a reported violation. The
// browser parses few enough forms that the interpreter is all it needs.
z.config({ jitless: true });
