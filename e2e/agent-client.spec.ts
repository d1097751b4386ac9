import { expect, test } from "@playwright/test";
import { GatehouseClient, GatehouseError } from "../lib/client/gatehouse-client";
import { verifyDecisionToken } from "../lib/decision-token/verify";
import { BASE_URL } from "../playwright.config";
import { registerAgent, unique } from "./helpers";

// The agent side as a developer writes it: the project's typed client over real HTTP,
// while a person decides in the browser.

test("an agent on the typed client asks, waits while an admin approves in the inbox, verifies its token and reports the result", async ({
  page,
}) => {
  const { key, agent } = await registerAgent(page.request, "support-client");
  const client = new GatehouseClient({ baseUrl: BASE_URL, apiKey: key });
  expect((await client.whoami()).agent.name).toBe(agent.name);
  expect((await client.status()).agent.halted).toBe(false);

  const resource = `orders/${unique("client")}`;
  const request = { type: "refund.issue", resource, params: { amount: 250 }, cost: { amount: 250, currency: "USD" } };
  const asked = await client.submitAction({ ...request, context: { reasoning: "wrong size delivered" } });
  expect(asked.status).toBe("pending");
  const waiting = client.getAction(asked.id, 30);

  await page.goto("/inbox");
  await page.getByTestId("inbox-item").filter({ hasText: resource }).getByRole("button").click();
  await expect(page.getByTestId("agent-reasoning")).toHaveText("wrong size delivered");
  await page.keyboard.press("a");
  await page.getByRole("dialog").getByRole("button", { name: "Approve", exact: true }).click();
  await expect(page.getByTestId("inbox-outcome")).toContainText("The agent may proceed");

  const decided = await waiting;
  expect(decided.status).toBe("allowed");
  const claims = await verifyDecisionToken(decided.decisionToken!, await client.decisionKeys(), request);
  expect(claims.action).toMatchObject({ decision: "allow", approvalId: asked.approval!.id });

  const reported = await client.reportResult(decided.id, { outcome: "succeeded", actualCost: 240 });
  expect(reported.outcome).toMatchObject({ outcome: "succeeded", actualCost: 240 });
  const again = await client.reportResult(decided.id, { outcome: "failed" }).catch((e: unknown) => e);
  expect(again).toBeInstanceOf(GatehouseError);
  expect(again).toMatchObject({ status: 409 });
});

test("a forged cursor on the Actions page is a readable error, not a server error", async ({ page }) => {
  const response = await page.goto("/actions?cursor=2026-13-45T10:00:00.000Z_00000000-0000-4000-8000-000000000000");
  expect(response?.status()).toBe(200);
  await expect(page.getByText("cursor is not valid")).toBeVisible();
});
