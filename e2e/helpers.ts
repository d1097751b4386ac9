import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { BASE_URL } from "../playwright.config";

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/sign-in/);
}

export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** The admin (signed in on `page`) adds a user in the console; returns how to sign in as them. */
export async function addUser(
  page: Page,
  { role, groups = "", password = "e2e-user-password-1" }: { role: string; groups?: string; password?: string },
) {
  const email = `${unique(role)}@e2e.test`;
  await page.goto("/users");
  await page.getByRole("button", { name: "Add user" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a user" });
  await dialog.getByLabel("E-mail").fill(email);
  await dialog.getByLabel("Role").selectOption(role);
  if (groups) await dialog.getByLabel("Groups (optional)").fill(groups);
  await dialog.getByLabel("Password (optional)").fill(password);
  await dialog.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText("can now sign in")).toBeVisible();
  await page.getByRole("button", { name: "Done" }).click();
  return { email, password };
}

/** Registers an agent through the operator API (as the signed-in admin) and issues it a key. */
export async function registerAgent(request: APIRequestContext, prefix: string) {
  const created = await request.post("/api/agents", { data: { name: unique(prefix) } });
  expect(created.status()).toBe(201);
  const agent = (await created.json()).agent as { id: string; name: string };
  const issued = await request.post(`/api/agents/${agent.id}/keys`, { data: { name: "e2e" } });
  expect(issued.status()).toBe(201);
  return { agent, key: (await issued.json()).key as string };
}

/** A browser of its own (no shared cookies), signed in as this user. */
export async function signedInPage(browser: Browser, user: { email: string; password: string }) {
  const context = await browser.newContext({ baseURL: BASE_URL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, user.email, user.password);
  return page;
}

/** Records CSP violations (the browser's event, and its console report) from the first script on. */
export async function watchCsp(page: Page) {
  const seen: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return async () => [...seen, ...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []))];
}
