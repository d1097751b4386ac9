import { expect, test } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { signIn, unique } from "./helpers";

test("a viewer sees agents but cannot manage them: the UI hides it and the server refuses it", async ({ page, browser }) => {
  // The admin adds a viewer in the console.
  const email = `${unique("viewer")}@e2e.test`;
  const password = "viewer-password-123";
  await page.goto("/users");
  await page.getByRole("button", { name: "Add user" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a user" });
  await dialog.getByLabel("E-mail").fill(email);
  await dialog.getByLabel("Role").selectOption("viewer");
  await dialog.getByLabel("Password (optional)").fill(password);
  await dialog.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText("can now sign in")).toBeVisible();
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId(`user-row-${email}`)).toBeVisible();

  // The admin registers an agent the viewer will look at.
  const created = await page.request.post("/api/agents", { data: { name: unique("ops-bot") } });
  expect(created.status()).toBe(201);
  const agent = (await created.json()).agent;

  const context = await browser.newContext({ baseURL: BASE_URL, storageState: { cookies: [], origins: [] } });
  const viewer = await context.newPage();
  await signIn(viewer, email, password);

  await viewer.goto("/agents");
  await expect(viewer.getByRole("link", { name: agent.name })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Register agent" })).toHaveCount(0);
  await expect(viewer.getByRole("link", { name: "Users" })).toHaveCount(0);
  await viewer.goto(`/agents/${agent.id}`);
  await expect(viewer.getByRole("heading", { name: agent.name })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Issue API key" })).toHaveCount(0);
  // A page the role may not see is a 403, not a 200 with a refusal in it.
  const users = await viewer.goto("/users");
  expect(users?.status()).toBe(403);
  await expect(viewer.getByTestId("forbidden")).toBeVisible();

  // The server refuses, whatever the UI shows.
  const createAsViewer = await viewer.request.post("/api/agents", { data: { name: unique("sneaky") } });
  expect(createAsViewer.status()).toBe(403);
  expect((await createAsViewer.json()).error.code).toBe("forbidden");
  const keyAsViewer = await viewer.request.post(`/api/agents/${agent.id}/keys`, { data: { name: "x" } });
  expect(keyAsViewer.status()).toBe(403);
  await context.close();
});
