import { defineConfig, devices } from "@playwright/test";

// End-to-end tests in Debian's Chromium against the production build, on a fresh
// embedded database (e2e/serve.mjs starts it), with a real OpenID Provider beside it for
// single sign-on (e2e/oidc/provider.mjs). Browsers are never downloaded.
const PORT = Number(process.env.E2E_PORT ?? 3210);
export const BASE_URL = `http://127.0.0.1:${PORT}`;
export const ADMIN = { email: "admin@e2e.test", password: "e2e-admin-password-1" };

const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? PORT + 1);
const OIDC_CONTROL_PORT = Number(process.env.E2E_OIDC_CONTROL_PORT ?? OIDC_PORT + 1);
export const OIDC = {
  issuer: `http://127.0.0.1:${OIDC_PORT}`,
  control: `http://127.0.0.1:${OIDC_CONTROL_PORT}`,
  name: "Test IdP",
  clientId: "gatehouse-e2e",
  clientSecret: "gatehouse-e2e-client-secret",
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    {
      name: "console",
      testMatch: /.*\.spec\.ts/,
      dependencies: ["setup"],
      use: { ...devices["Desktop Chrome"], storageState: "e2e/.auth/admin.json" },
    },
  ],
  webServer: [
    {
      command: "node e2e/oidc/provider.mjs",
      url: `${OIDC.issuer}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      env: {
        OIDC_PORT: String(OIDC_PORT),
        OIDC_CONTROL_PORT: String(OIDC_CONTROL_PORT),
        OIDC_CLIENT_ID: OIDC.clientId,
        OIDC_CLIENT_SECRET: OIDC.clientSecret,
        CONSOLE_URL: BASE_URL,
      },
    },
    {
      command: "node e2e/serve.mjs",
      url: `${BASE_URL}/api/ready`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        PORT: String(PORT),
        HOST: "127.0.0.1",
        GATEHOUSE_ADMIN_EMAIL: ADMIN.email,
        GATEHOUSE_ADMIN_PASSWORD: ADMIN.password,
        NEXTAUTH_URL: BASE_URL,
        OIDC_ISSUER: OIDC.issuer,
        OIDC_CLIENT_ID: OIDC.clientId,
        OIDC_CLIENT_SECRET: OIDC.clientSecret,
        OIDC_NAME: OIDC.name,
        OIDC_SCOPES: "openid email profile groups",
        OIDC_ROLE_MAP: "gatehouse-admins=admin,gatehouse-approvers=approver",
        OIDC_GROUP_MAP: "finance-team=finance",
        // Every 2xx JSON answer is checked against its operation's response schema (lib/http/route.ts).
        GATEHOUSE_CHECK_RESPONSES: "1",
      },
    },
  ],
});
