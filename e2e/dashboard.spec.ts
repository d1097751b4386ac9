import { expect, test, type Page } from "@playwright/test";
import { registerAgent, unique } from "./helpers";

// The dashboard after real agent traffic (the shipped customer-support policy): allowed,
// denied, approved after a wait, rejected, results, one kill-switch engagement. Its figures
// equal the Actions list's counts for the same range, and its links and bars open exactly
// those lists.

type Answer = { id: string; status: string };

async function ask(page: Page, key: string, data: object): Promise<Answer & { httpStatus: number }> {
  const res = await page.request.post("/api/v1/actions", { headers: { authorization: `Bearer ${key}` }, data });
  return { ...(await res.json()), httpStatus: res.status() };
}
const refund = (amount: number, resource = `orders/${unique("o")}`) => ({
  type: "refund.issue",
  resource,
  params: { amount },
  cost: { amount, currency: "USD" },
});

/** The "N actions match" line of the Actions list. */
async function listed(page: Page): Promise<number> {
  const text = (await page.getByTestId("actions-count").textContent()) ?? "";
  return Number(/^([\d,]+)/.exec(text)?.[1]?.replace(/,/g, "") ?? NaN);
}

async function decideInInbox(page: Page, resource: string, decision: "approve" | "reject") {
  await page.goto("/inbox");
  await page.getByTestId("inbox-item").filter({ hasText: resource }).getByRole("button").click();
  await page.keyboard.press(decision === "approve" ? "a" : "r");
  const dialog = page.getByRole("dialog");
  if (decision === "reject") await dialog.getByLabel(/Comment/).fill("not this one");
  await dialog.getByRole("button", { name: decision === "approve" ? "Approve" : "Reject", exact: true }).click();
  await expect(page.getByTestId("inbox-outcome")).toBeVisible();
}

async function setKillSwitch(page: Page, agentName: string) {
  await page.goto("/kill-switch");
  await page.getByLabel("Halt", { exact: true }).selectOption("agent");
  await page.getByLabel("Agent").selectOption({ label: agentName });
  await page.getByLabel("Reason").fill("e2e: dashboard marker");
  await page.getByLabel("Type HALT to confirm").fill("HALT");
  await page.getByRole("button", { name: "Engage kill switch" }).click();
  await expect(page.getByTestId("engaged-switches")).toContainText("e2e: dashboard marker");
}

async function releaseKillSwitch(page: Page, agentName: string) {
  await page.goto("/kill-switch");
  await page
    .getByTestId("engaged-switches")
    .getByRole("row", { name: new RegExp(agentName) })
    .getByRole("button", { name: "Release" })
    .click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Reason").fill("e2e: done");
  await dialog.getByLabel("Type RELEASE to confirm").fill("RELEASE");
  await dialog.getByRole("button", { name: "Release" }).click();
  await expect(page.getByTestId("engaged-switches")).not.toContainText(agentName);
}

test("after agent traffic the dashboard's tiles and charts equal the Actions list; ranges and bars open the matching lists; no console errors", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));

  // ── traffic ──
  const { agent, key } = await registerAgent(page.request, "support-dash");
  const allowed = [await ask(page, key, refund(20)), await ask(page, key, refund(30)), await ask(page, key, refund(40))];
  expect(allowed.map((a) => a.status)).toEqual(["allowed", "allowed", "allowed"]);
  for (let i = 0; i < 2; i++) expect((await ask(page, key, { type: "customer.delete", resource: "customers/9" })).status).toBe("denied");
  const [approveMe, rejectMe] = [`orders/${unique("approve")}`, `orders/${unique("reject")}`];
  expect((await ask(page, key, refund(250, approveMe))).status).toBe("pending");
  expect((await ask(page, key, refund(300, rejectMe))).status).toBe("pending");
  await decideInInbox(page, approveMe, "approve");
  await decideInInbox(page, rejectMe, "reject");
  for (const [a, outcome] of [
    [allowed[0]!, "succeeded"],
    [allowed[1]!, "failed"],
  ] as const) {
    const res = await page.request.post(`/api/v1/actions/${a.id}/result`, {
      headers: { authorization: `Bearer ${key}` },
      data: { outcome },
    });
    expect(res.status()).toBe(200);
  }
  await setKillSwitch(page, agent.name);
  expect((await ask(page, key, refund(10))).httpStatus).toBe(423);
  await releaseKillSwitch(page, agent.name);

  // ── the dashboard for this agent, last hour ──
  await page.goto(`/dashboard?range=1h&agent=${agent.name}`);
  const total = page.getByTestId("dashboard-total");
  await expect(total).toHaveText("8 actions");
  const tile = (id: string) => page.getByTestId(`tile-${id}`);
  await expect(tile("violations").getByTestId("tile-detail")).toHaveText("2 of 7 decisions denied by policy");
  await expect(tile("automated").getByTestId("tile-detail")).toHaveText("3 of 8 allowed without waiting for a person");
  await expect(tile("errors").getByTestId("tile-value")).toHaveText("50 %");
  await expect(tile("errors").getByTestId("tile-detail")).toHaveText("1 of 2 reported results failed");
  await expect(tile("approval_wait").getByTestId("tile-detail")).toContainText("over 2 approvals decided");
  await expect(tile("audit").getByTestId("tile-value")).toHaveText("100 %", { timeout: 20_000 });
  await expect(page.getByTestId("dashboard-events")).toContainText(`Kill switch engaged for agent ${agent.name}: e2e: dashboard marker`);
  await expect(page.getByTestId("chart-volume").getByTestId("event-marker").first()).toBeAttached();

  // The same numbers in the chart's table view: by status, over the range.
  const volume = page.getByTestId("chart-volume");
  await volume.getByRole("button", { name: "Table" }).click();
  const columnSum = async (index: number) =>
    (await volume.locator(`tbody tr td:nth-child(${index})`).allTextContents()).reduce((s, t) => s + Number(t.replace(/,/g, "")), 0);
  expect([await columnSum(2), await columnSum(3), await columnSum(4), await columnSum(5)]).toEqual([4, 3, 0, 1]);

  // Each tile's link lists exactly what it counted.
  for (const [id, n] of [
    ["violations", 2],
    ["automated", 3],
    ["errors", 1],
    ["approval_wait", 2],
    ["cost", 4],
  ] as const) {
    await page.goto(`/dashboard?range=1h&agent=${agent.name}`);
    await tile(id).getByRole("link").click();
    await expect(page).toHaveURL(/\/actions\?/);
    expect(await listed(page), id).toBe(n);
  }
  await page.goto(`/dashboard?range=1h&agent=${agent.name}`);
  await total.click();
  await expect(page).toHaveURL(new RegExp(`/actions\\?agent=${agent.name}&from=`));
  expect(await listed(page)).toBe(8);

  // ── another range, then a bar ──
  await page.goto(`/dashboard?range=1h&agent=${agent.name}`);
  await page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "24 hours" }).click();
  await expect(page).toHaveURL(/range=24h/);
  await expect(page.getByTestId("dashboard-window")).toContainText("8 actions");
  await volume.getByRole("button", { name: "Table" }).click();
  const allowedByBucket = new Map<string, number>();
  for (const row of await volume.locator("tbody tr").all()) {
    const cells = await row.locator("td").allTextContents();
    allowedByBucket.set(cells[0]!, Number(cells[1]));
  }
  await volume.getByRole("button", { name: "Chart" }).click();
  const bars = volume.locator(".recharts-bar").first().locator(".recharts-bar-rectangle path");
  await bars.last().click();
  await expect(page).toHaveURL(/\/actions\?.*status=allowed/);
  const from = new URL(page.url()).searchParams.get("from")!;
  expect(await listed(page)).toBe(allowedByBucket.get(`${from.slice(0, 16).replace("T", " ")} UTC`));
  await expect(page.getByTestId("actions-table")).toContainText(agent.name);

  expect(errors).toEqual([]);
});

test("with no actions in the range, the dashboard says what will appear", async ({ page }) => {
  await page.goto("/dashboard?range=1h&agent=no-such-agent-here");
  await expect(page.getByTestId("dashboard-total")).toHaveText("0 actions");
  await expect(page.getByTestId("chart-volume").getByTestId("chart-empty")).toContainText("Actions appear here");
  await expect(page.getByTestId("tile-violations").getByTestId("tile-value")).toHaveText("—");
});

test("the agent page shows the same charts for its agent", async ({ page }) => {
  const { agent, key } = await registerAgent(page.request, "support-page");
  await ask(page, key, refund(15));
  await ask(page, key, { type: "customer.delete", resource: "customers/2" });
  await page.goto(`/agents/${agent.id}`);
  await expect(page.getByTestId("dashboard-total")).toHaveText("2 actions");
  await expect(page.getByTestId("tile-violations").getByTestId("tile-detail")).toHaveText("1 of 2 decisions denied by policy");
  await expect(page.getByTestId("chart-denials")).toContainText("Most frequent denying rules and limits");
});
