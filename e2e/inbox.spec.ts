import { expect, test, type Page } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { addUser, registerAgent, signedInPage, unique } from "./helpers";

// The approval inbox with real people in real browsers, and an agent that is a plain HTTP
// client: it asks, then long-polls until a human decides. The shipped customer-support
// policy sends refunds above 1000 to an approver, then to the finance group; refunds
// between 100 and 1000 to one approver.

type Answer = { id: string; status: string; approval?: { id: string; status: string }; reasons: { kind: string; message: string }[] };

/** The baseline policy denies any action costing more than 500 USD, so a large refund states its amount as impact. */
async function agentAsks(key: string, resource: string, amount: number, reasoning = "customer asked for it"): Promise<Answer> {
  const money = amount > 500 ? { impact: { amount } } : { cost: { amount, currency: "USD" } };
  const res = await fetch(`${BASE_URL}/api/v1/actions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ type: "refund.issue", resource, params: { amount }, ...money, context: { reasoning } }),
  });
  expect(res.status).toBe(201);
  return res.json();
}

/** The agent's long-poll: answers the moment a human decides (or after 30 s, still pending). */
const agentWaits = (key: string, id: string): Promise<Answer> =>
  fetch(`${BASE_URL}/api/v1/actions/${id}?wait=30`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.json());

const itemFor = (page: Page, resource: string) => page.getByTestId("inbox-item").filter({ hasText: resource });

let approver: { email: string; password: string };
let finance: { email: string; password: string };

test.beforeAll(async ({ browser }) => {
  const admin = await browser.newContext({ baseURL: BASE_URL, storageState: "e2e/.auth/admin.json" });
  const page = await admin.newPage();
  approver = await addUser(page, { role: "approver" });
  finance = await addUser(page, { role: "approver", groups: "finance" });
  await admin.close();
});

test("an approver, then a finance approver, approve a two-step request while the agent's long-poll waits; it returns allowed", async ({
  page,
  browser,
}) => {
  const { key } = await registerAgent(page.request, "support-e2e");
  const [first, second] = await Promise.all([signedInPage(browser, approver), signedInPage(browser, finance)]);
  await Promise.all([first.goto("/inbox"), second.goto("/inbox")]);
  await expect(second.getByTestId("live-status")).toHaveAttribute("data-mode", "live");

  const resource = `orders/${unique("big")}`;
  const action = await agentAsks(key, resource, 1500, "double charge on a large order");
  expect(action.status).toBe("pending");
  const waiting = agentWaits(key, action.id);

  // Step 1: the approver opens it, reads it, approves with the keyboard.
  const item = itemFor(first, resource);
  await expect(item).toContainText("approver, 0 of 1 — step 1 of 2");
  await expect(item).toContainText("1500 moved");
  await expect(item.getByTestId("inbox-explanation")).toContainText("rule very-large-refunds matched");
  await expect(item.getByTestId("time-left")).toContainText("left");
  await item.getByRole("button").click();
  const detail = first.getByTestId("approval-detail");
  await expect(detail.getByTestId("agent-reasoning")).toHaveText("double charge on a large order");
  await expect(detail.getByTestId("action-params")).toContainText('"amount": 1500');
  await expect(detail.getByTestId("approval-chain")).toContainText("group finance");
  await first.keyboard.press("a");
  const confirm = first.getByRole("dialog");
  await expect(confirm).toContainText("Approve refund.issue?");
  await confirm.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(first.getByTestId("inbox-outcome")).toContainText("now waits for group finance");
  await expect(item).toHaveCount(0);

  // Step 2: the finance approver's inbox already shows the new step, without a reload.
  const financeItem = itemFor(second, resource);
  await expect(financeItem).toContainText("group finance, 0 of 1 — step 2 of 2");
  await financeItem.getByRole("button").click();
  await expect(second.getByTestId("approval-chain")).toContainText(`${approver.email} approved`);
  await second.keyboard.press("a");
  await second.getByRole("dialog").getByLabel("Comment (optional)").fill("within the refund budget");
  await second.getByRole("dialog").getByRole("button", { name: "Approve", exact: true }).click();
  await expect(second.getByTestId("inbox-outcome")).toContainText("The agent may proceed");

  const answer = await waiting;
  expect(answer.status).toBe("allowed");
  expect(answer.approval?.status).toBe("approved");

  // The history says who decided and how long it waited.
  await second.getByRole("tab", { name: "History" }).click();
  const row = second.getByTestId("approval-history").getByRole("row").filter({ hasText: resource });
  await expect(row).toContainText("approved");
  await expect(row).toContainText(`${approver.email}, ${finance.email}`);
  await Promise.all([first.context().close(), second.context().close()]);
});

test("a rejection needs a comment, and the comment reaches the waiting agent", async ({ page, browser }) => {
  const { key } = await registerAgent(page.request, "support-e2e");
  const inbox = await signedInPage(browser, approver);
  const resource = `orders/${unique("dup")}`;
  const action = await agentAsks(key, resource, 400);
  const waiting = agentWaits(key, action.id);

  await inbox.goto("/inbox");
  await itemFor(inbox, resource).getByRole("button").click();
  await inbox.keyboard.press("r");
  const dialog = inbox.getByRole("dialog");
  await dialog.getByRole("button", { name: "Reject", exact: true }).click();
  await expect(dialog.getByTestId("field-error")).toContainText("A rejection needs a comment");
  await dialog.getByLabel(/Comment/).fill("duplicate of an earlier refund");
  await dialog.getByRole("button", { name: "Reject", exact: true }).click();
  await expect(inbox.getByTestId("inbox-outcome")).toContainText("The agent is told: “duplicate of an earlier refund”");

  const answer = await waiting;
  expect(answer.status).toBe("denied");
  expect(answer.reasons.at(-1)?.message).toContain("duplicate of an earlier refund");
  await inbox.context().close();
});

test("the inbox shows a new request within a second of the agent asking, without a reload; j/k move and bulk decides identical ones", async ({
  page,
  browser,
}) => {
  const { key } = await registerAgent(page.request, "support-e2e");
  const inbox = await signedInPage(browser, approver);
  await inbox.goto("/inbox");
  await expect(inbox.getByTestId("live-status")).toHaveAttribute("data-mode", "live");
  await inbox.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  const a = `orders/${unique("live-a")}`;
  await agentAsks(key, a, 200);
  await expect(itemFor(inbox, a)).toBeVisible({ timeout: 1_000 });
  const b = `orders/${unique("live-b")}`;
  await agentAsks(key, b, 250);
  await expect(itemFor(inbox, b)).toBeVisible({ timeout: 1_000 });
  expect(await inbox.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  // The cursor starts on the most urgent request and moves with j and k.
  const cursor = inbox.locator('[data-testid="inbox-item"][aria-current="true"]');
  await expect(cursor).toHaveCount(1);
  const top = (await cursor.getAttribute("data-request-id"))!;
  await expect(inbox.getByTestId("inbox-item").first()).toHaveAttribute("data-request-id", top);
  await inbox.keyboard.press("j");
  await expect(cursor).not.toHaveAttribute("data-request-id", top);
  await inbox.keyboard.press("k");
  await expect(cursor).toHaveAttribute("data-request-id", top);

  // Two identical low-risk refunds of one agent: decided together.
  await itemFor(inbox, a).getByRole("checkbox").check();
  await itemFor(inbox, b).getByRole("checkbox").check();
  await expect(inbox.getByTestId("bulk-bar")).toContainText("2 selected");
  await inbox.getByTestId("bulk-bar").getByRole("button", { name: "Approve 2" }).click();
  await inbox.getByRole("dialog").getByRole("button", { name: "Approve 2" }).click();
  await expect(inbox.getByTestId("bulk-results")).toContainText(`${a} (200 USD): approved`);
  await expect(inbox.getByTestId("bulk-results")).toContainText(`${b} (250 USD): approved`);
  await inbox.getByRole("button", { name: "Done" }).click();
  await expect(inbox.getByTestId("inbox-outcome")).toContainText("Approved 2 of 2");
  await expect(itemFor(inbox, a)).toHaveCount(0);
  await inbox.context().close();
});

test("an admin approves and remembers: the next small refund goes through at once, until the standing approval is revoked on the Policies page", async ({
  page,
}) => {
  const { key, agent } = await registerAgent(page.request, "support-e2e");
  const first = `orders/${unique("remember")}`;
  const action = await agentAsks(key, first, 250);
  const waiting = agentWaits(key, action.id);

  await page.goto("/inbox");
  await itemFor(page, first).getByRole("button").click();
  await page.keyboard.press("a");
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("checkbox").check();
  await expect(dialog.getByLabel(/Up to/)).toHaveValue("250");
  await expect(dialog.getByLabel("Currency")).toHaveValue("USD");
  await dialog.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(page.getByTestId("inbox-outcome")).toContainText("Standing approval created");
  expect((await waiting).status).toBe("allowed");

  // Covered: same agent, type and rule, within 250 USD. Not covered: above the cap.
  const covered = await agentAsks(key, `orders/${unique("covered")}`, 200);
  expect(covered.status).toBe("allowed");
  expect(covered.reasons.at(-1)?.kind).toBe("standing_approval");
  expect((await agentAsks(key, `orders/${unique("above")}`, 300)).status).toBe("pending");

  await page.goto("/policies");
  const row = page.getByTestId("standing-approvals").getByRole("row").filter({ hasText: agent.name });
  await expect(row).toContainText("refund.issue");
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke standing approval" }).click();
  await expect(page.getByRole("dialog")).toBeHidden();
  expect((await agentAsks(key, `orders/${unique("after")}`, 200)).status).toBe("pending");
});
