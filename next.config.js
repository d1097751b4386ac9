/** @type {import('next').NextConfig} */
const nextConfig = {
  // The Docker image runs the standalone server; `npm start` uses `next start`.
  output: process.env.GATEHOUSE_STANDALONE === "1" ? "standalone" : undefined,
  poweredByHeader: false,
  // Loaded from node_modules at run time, not bundled: the embedded database and
  // Prisma's schema engine ship WebAssembly that they locate next to their own files.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "pg",
    "pg-boss",
    "nodemailer",
    "bcryptjs",
    // One registry and one tracer provider per process, whichever route bundle records.
    "prom-client",
    "@opentelemetry/api",
    "@opentelemetry/sdk-trace-node",
    "@opentelemetry/exporter-trace-otlp-http",
    "@opentelemetry/resources",
  ],
  outputFileTracingIncludes: {
    "/**": ["./prisma/migrations/**/*", "./prisma/schema.prisma", "./node_modules/@prisma/schema-engine-wasm/**/*"],
  },
  typedRoutes: false,
  // Browser bundles get zod configured for the CSP before any schema is built (lib/zod-browser.js).
  turbopack: { resolveAlias: { zod: { browser: "./lib/zod-browser.js" } } },
  // forbidden() (lib/auth/page-guard.ts): a page a role may not see answers 403.
  experimental: { authInterrupts: true },
};

export default nextConfig;
