import { expect, test, type Page } from "@playwright/test";
import { unique } from "./helpers";

/** Registers an agent in the console and issues it a key named "production"; the key as shown once. */
async function registerWithKey(page: Page, name: string, description?: string) {
  await page.goto("/agents");
  await page.getByRole("button", { name: "Register agent" }).click();
  await page.getByLabel("Name").fill(name);
  if (description) await page.getByLabel("Description").fill(description);
  await page.getByRole("button", { name: "Register", exact: true }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await page.getByRole("button", { name: "Issue API key" }).click();
  await page.getByLabel("Key name").fill("production");
  await page.getByRole("button", { name: "Issue key" }).click();
  return (await page.getByTestId("new-api-key").textContent())!.trim();
}

test("an admin registers an agent, issues a key shown once, and revokes it", async ({ page, request }) => {
  const name = unique("support-bot");
  const key = await registerWithKey(page, name, "Answers customer tickets");
  expect(key).toMatch(/^gatehouse_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);

  const whoami = await request.get("/api/v1/whoami", { headers: { authorization: `Bearer ${key}` } });
  expect(whoami.status()).toBe(200);
  expect((await whoami.json()).agent.name).toBe(name);

  await page.getByRole("button", { name: "Done" }).click();
  await page.reload();
  const prefix = key.split("_").slice(0, 2).join("_");
  const row = page.getByTestId(`key-row-${prefix}`);
  await expect(row).toContainText("production");
  await expect(row.getByTestId("key-last-used")).toContainText("UTC"); // last use is recorded and shown
  await expect(page.locator("body")).not.toContainText(key); // never shown again

  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("button", { name: "Revoke key" }).click();
  await expect(row).toContainText("revoked");
  const refused = await request.get("/api/v1/whoami", { headers: { authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.message).toMatch(/revoked/);
});

test("a bad agent name gets a readable message in the form", async ({ page }) => {
  await page.goto("/agents");
  await page.getByRole("button", { name: "Register agent" }).click();
  await page.getByLabel("Name").fill("Not Valid!");
  await page.getByRole("button", { name: "Register", exact: true }).click();
  await expect(page.getByTestId("field-error").first()).toContainText("Use lower-case letters");
});

test("an admin disables an agent, its key is refused at once, and enables it again", async ({ page, request }) => {
  const name = unique("paused-bot");
  const key = await registerWithKey(page, name);
  await page.getByRole("button", { name: "Done" }).click();
  const whoami = () => request.get("/api/v1/whoami", { headers: { authorization: `Bearer ${key}` } });
  expect((await whoami()).status()).toBe(200);

  await page.getByRole("button", { name: "Disable agent" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disable agent" }).click();
  await expect(page.getByRole("button", { name: "Enable agent" })).toBeVisible(); // the page shows the new status
  const refused = await whoami();
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toMatch(/disabled/);

  await page.getByRole("button", { name: "Enable agent" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Enable agent" }).click();
  await expect(page.getByRole("button", { name: "Disable agent" })).toBeVisible();
  expect((await whoami()).status()).toBe(200);
});
