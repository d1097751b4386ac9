import { expect, test } from "@playwright/test";
import { ADMIN } from "../playwright.config";

test.use({ storageState: { cookies: [], origins: [] } });

test("a signed-out visitor is sent to sign in", async ({ page }) => {
  await page.goto("/agents");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in to Gatehouse" })).toBeVisible();
});

test("a wrong password gets a clear message and no stack trace", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("sign-in-error")).toHaveText("Wrong e-mail or password.");
  await expect(page.locator("body")).not.toContainText(/at .*\.js:\d+/);
  await expect(page).toHaveURL(/\/sign-in/);
});
