import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { BASE_URL, OIDC } from "../../playwright.config";

// Driving the test OpenID Provider (e2e/oidc/provider.mjs) and signing in through its pages.

export type Account = { email?: string; email_verified?: boolean; name?: string; groups?: string[] };

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${OIDC.control}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(response.ok, `${method} ${path} on the provider's control server`).toBe(true);
  return response.json();
}

export const idp = {
  setAccount: (login: string, account: Account) => control("PUT", `/accounts/${encodeURIComponent(login)}`, account),
  /** true: oidc-provider's default, claims only from userinfo; false: claims in the ID token too. */
  conformIdTokenClaims: (on: boolean) => control("PUT", "/mode", { conformIdTokenClaims: on }),
  /** The next token request: "drop" its connection (the provider goes down mid-exchange) or "reject" it (invalid_grant). */
  failNextToken: (fail: "drop" | "reject") => control("PUT", "/next-token", { fail }),
  down: () => control("POST", "/down"),
  up: () => control("POST", "/up"),
  userinfoCalls: async () => ((await control("GET", "/stats")) as { userinfo: number }).userinfo,
};

/** A signed-out browser of its own that reaches only this machine (the provider's pages import a web font). */
export async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL, storageState: { cookies: [], origins: [] } });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
  return context.newPage();
}

/** Opens the sign-in page and presses "Continue with …" once the page is live (its handler is React's). */
export async function continueWithIdp(page: Page) {
  await page.goto("/sign-in");
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: `Continue with ${OIDC.name}` }).click();
}

/** From the console's sign-in page to the provider's login form. */
export async function startSso(page: Page) {
  await continueWithIdp(page);
  await page.waitForURL(`${OIDC.issuer}/**`);
}

/** Signs in as the provider's account `login` through its development login and consent pages. */
export async function ssoSignIn(page: Page, login: string) {
  await startSso(page);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password will do");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await page.waitForURL(`${BASE_URL}/**`);
  await page.waitForLoadState("networkidle");
}

/** Audit entries of one type about (or by) a user, newest first, through the operator API. */
export async function auditEntries(request: APIRequestContext, eventType: string, filters: Record<string, string> = {}) {
  const response = await request.get("/api/v1/audit", { params: { eventType, limit: "50", ...filters } });
  expect(response.status()).toBe(200);
  return (await response.json()).entries as {
    actor: { label: string };
    subject: { id: string } | null;
    content: { data: Record<string, unknown> };
  }[];
}
