# syntax=docker/dockerfile:1
# Gatehouse image: Next.js standalone server on PostgreSQL (DATABASE_URL).
# The server applies pending migrations itself at start (instrumentation.ts), so the
# image carries prisma/ and Prisma's schema engine (WebAssembly build), not the CLI.

ARG NODE_IMAGE=node:20-bookworm-slim

# ── deps: node_modules (dev dependencies included: the build needs them) ──────────
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# postinstall runs `prisma generate`, which needs the schema before `npm install`.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# `npm install`, not `npm ci`: the lock file is written on a machine where some
# foreign-platform optional packages are missing, and `npm ci` refuses it.
RUN npm install --no-audit --no-fund

# ── builder: the standalone Next.js build ─────────────────────────────────────────
FROM ${NODE_IMAGE} AS builder
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# The generated Prisma client is excluded from the context (.dockerignore): take the
# one generated for this platform in the deps stage.
COPY --from=deps /app/lib/db/generated ./lib/db/generated
# next.config.js switches to `output: "standalone"` only with GATEHOUSE_STANDALONE=1.
RUN GATEHOUSE_STANDALONE=1 NEXT_TELEMETRY_DISABLED=1 npm run build

# ── runner: only what the server needs, as a non-root user ────────────────────────
FROM ${NODE_IMAGE} AS runner
WORKDIR /app
# HOST: the server binds to it; 0.0.0.0 so it is reachable from outside the container.
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    NEXT_MANUAL_SIG_HANDLE=1 \
    PORT=3000 \
    HOST=0.0.0.0
RUN groupadd --system --gid 1001 gatehouse \
 && useradd --system --uid 1001 --gid gatehouse --no-create-home --shell /usr/sbin/nologin gatehouse

# Application files stay root-owned (read-only for the server process).
COPY --from=builder /app/.next/standalone ./
# The server process (scripts/serve.mjs): Next.js from the standalone output, with the
# decision API served straight from Node's HTTP server; it replaces the standalone server.js.
COPY --from=builder /app/scripts/serve.mjs ./scripts/serve.mjs
# The standalone output leaves static assets and public/ to the deployer.
COPY --from=builder /app/.next/static ./.next/static
COPY --from=builder /app/public ./public
# Migrations are read from <cwd>/prisma and the schema engine is loaded from
# <cwd>/node_modules/@prisma/schema-engine-wasm at start; copied explicitly in case
# output file tracing misses a file (the engine's .wasm is loaded by path).
COPY --from=builder /app/prisma ./prisma
COPY --from=builder /app/node_modules/@prisma/schema-engine-wasm ./node_modules/@prisma/schema-engine-wasm
# The default policy set, published as version 1 on first start.
COPY --from=builder /app/policies ./policies
# Next.js writes its cache (optimised images, fetch cache) under .next/cache.
RUN mkdir -p .next/cache && chown 1001:1001 .next/cache

# Numeric so that runAsNonRoot checks (Kubernetes) can verify it without /etc/passwd.
USER 1001:1001
EXPOSE 3000

# Liveness only (no dependencies checked): slim images have no curl, so use node.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]

# node as PID 1 is fine here: the server handles SIGTERM/SIGINT itself (lib/server/bootstrap.ts).
CMD ["node", "scripts/serve.mjs"]
