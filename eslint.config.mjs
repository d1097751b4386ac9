import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The domain core (lib/<domain>) stays plain TypeScript: no framework, no React, no
// database client. Only a domain's service.ts / store.ts (or <part>-service.ts /
// <part>-store.ts) meet the database; the rest is pure and tested without one.
const CORE = [
  "lib/policy/**",
  "lib/audit/**",
  "lib/approvals/**",
  "lib/killswitch/**",
  "lib/agents/**",
  "lib/users/**",
  "lib/actions/**",
  "lib/deliveries/**",
  "lib/decision-token/**",
  "lib/dashboard/**",
  "lib/observability/**",
  "lib/sso/**",
];
const FRAMEWORK = [
  { group: ["next", "next/*", "next-auth", "next-auth/*"], message: "The domain core must not depend on Next.js." },
  { group: ["react", "react-dom", "react/*"], message: "The domain core must not depend on React." },
];
const DATABASE = [
  {
    group: ["**/db/client", "**/db/transaction", "**/db/generated/*", "@prisma/*", "pg"],
    allowTypeImports: true,
    message: "Only a domain's service.ts touches the database.",
  },
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    "node_modules/**",
    "lib/db/generated/**",
    "test-results/**",
    "playwright-report/**",
    ".gatehouse/**",
    "next-env.d.ts",
  ]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  { files: CORE, rules: { "no-restricted-imports": ["error", { patterns: [...FRAMEWORK, ...DATABASE] }] } },
  {
    files: ["service.ts", "store.ts", "*-service.ts", "*-store.ts"].flatMap((name) => CORE.map((g) => g.replace("**", name))),
    rules: { "no-restricted-imports": ["error", { patterns: FRAMEWORK }] },
  },
]);
