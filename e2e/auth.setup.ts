import { expect, test as setup } from "@playwright/test";
import { ADMIN } from "../playwright.config";
import { signIn } from "./helpers";

setup("sign in as the admin created on first start", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page.getByRole("heading", { name: "Agents" })).toBeVisible();
  await page.context().storageState({ path: "e2e/.auth/admin.json" });
});
