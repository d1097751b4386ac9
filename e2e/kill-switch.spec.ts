import { expect, test } from "@playwright/test";
import { unique } from "./helpers";

test("engaging the kill switch in the browser halts the agent's next request; releasing lets the one after through", async ({ page }) => {
  const created = await page.request.post("/api/agents", { data: { name: unique("support-e2e") } });
  const agent = (await created.json()).agent;
  const issued = await page.request.post(`/api/agents/${agent.id}/keys`, { data: { name: "e2e" } });
  const { key } = await issued.json();
  const ask = () =>
    page.request.post("/api/v1/actions", {
      headers: { authorization: `Bearer ${key}` },
      data: { type: "refund.issue", resource: "orders/1001", params: { amount: 20 } },
    });
  expect((await ask()).status()).toBe(201);

  await page.goto("/kill-switch");
  await expect(page.getByTestId("runbook-link")).toContainText("docs/runbooks/runaway-agent.md");
  await page.getByLabel("Halt", { exact: true }).selectOption("agent");
  await page.getByLabel("Agent").selectOption({ label: agent.name });
  await page.getByLabel("Reason").fill("e2e: runaway refunds");
  await page.getByRole("button", { name: "Engage kill switch" }).click();
  await expect(page.getByTestId("field-error")).toContainText("Type HALT to confirm");
  await page.getByLabel("Type HALT to confirm").fill("HALT");
  await page.getByRole("button", { name: "Engage kill switch" }).click();
  await expect(page.getByTestId("form-success")).toContainText(`agent ${agent.name}`);
  await expect(page.getByTestId("engaged-switches")).toContainText("e2e: runaway refunds");

  const halted = await ask();
  expect(halted.status()).toBe(423);
  expect((await halted.json()).error.message).toContain("e2e: runaway refunds");

  const row = page.getByTestId("engaged-switches").getByRole("row", { name: new RegExp(agent.name) });
  await row.getByRole("button", { name: "Release" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Reason").fill("e2e: fixed");
  await dialog.getByLabel("Type RELEASE to confirm").fill("RELEASE");
  await dialog.getByRole("button", { name: "Release" }).click();
  await expect(page.getByTestId("engaged-switches")).not.toContainText(agent.name);

  expect((await ask()).status()).toBe(201);
});

test("the Actions page lists an agent's actions and opens one with its decision and reasons", async ({ page }) => {
  const created = await page.request.post("/api/agents", { data: { name: unique("support-list") } });
  const agent = (await created.json()).agent;
  const { key } = await (await page.request.post(`/api/agents/${agent.id}/keys`, { data: { name: "e2e" } })).json();
  const res = await page.request.post("/api/v1/actions", {
    headers: { authorization: `Bearer ${key}` },
    data: { type: "refund.issue", resource: "orders/2002", params: { amount: 250 }, context: { reasoning: "customer was double charged" } },
  });
  const action = await res.json();

  await page.goto(`/actions?agent=${agent.name}`);
  const table = page.getByTestId("actions-table");
  await expect(table).toContainText("refund.issue");
  await table.getByRole("link", { name: "refund.issue" }).click();
  await expect(page).toHaveURL(new RegExp(`/actions/${action.id}`));
  await expect(page.getByTestId("agent-reasoning")).toHaveText("customer was double charged");
  await expect(page.getByTestId("decision-reasons")).toContainText(action.reasons[0].message);
  await expect(page.getByTestId("action-timeline")).toContainText("action.submitted");
});
