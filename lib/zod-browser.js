// What `import … from "zod"` loads in browser bundles (next.config.js turbopack.resolveAlias).
// zod compiles object schemas with `new Function` when it may, probing for that when a schema
// is built; under the console's Content-Security-Policy (no 'unsafe-eval') the probe is a
// reported violation. Configuring zod here, before any importer's body runs, makes every
// schema in the browser use the interpreter, whatever order the chunks load in.
import * as z from "../node_modules/zod/v4/classic/external.js";

z.config({ jitless: true });

export * from "../node_modules/zod/v4/classic/external.js";
export { z, z as default };
