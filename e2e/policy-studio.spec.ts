import { expect, test, type Page } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { addUser, registerAgent, signedInPage } from "./helpers";

// The policy studio end to end: a policy admin edits customer-support.yaml in the browser,
// sees a CEL error at its line, lowers the routine refund limit from 100 to 50, fixes the
// test that now fails, replays the draft over the agent's history, runs it in shadow, and
// publishes it through review; a rollback (reviewed too) restores the old behaviour.

async function refund(key: string, amount: number): Promise<string> {
  const res = await fetch(`${BASE_URL}/api/v1/actions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({
      type: "refund.issue",
      resource: `orders/studio-${amount}`,
      params: { amount },
      cost: { amount, currency: "USD" },
    }),
  });
  expect(res.status).toBe(201);
  return (await res.json()).status;
}

/** Finds `text` with the editor's search (Ctrl+F, Enter), closes the panel and types over the match. */
async function typeOver(page: Page, text: string, replacement: string) {
  const find = page.getByRole("textbox", { name: "Find" });
  await expect(async () => {
    await page.getByTestId("policy-editor").locator(".cm-content").focus();
    await page.keyboard.press("Control+f");
    await expect(find).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await find.fill(text);
  await find.press("End"); // the panel reads its query on key up
  await find.press("Enter");
  await page.keyboard.press("Escape");
  await page.keyboard.type(replacement);
}

/** The second user approves the pending change with this message in their inbox. */
async function approveInInbox(page: Page, message: string) {
  await page.goto("/inbox");
  const change = page.getByTestId("policy-change").filter({ hasText: message });
  await change.getByRole("button").first().click();
  const detail = change.getByTestId("change-detail");
  await expect(detail.getByTestId("policy-diff")).toBeVisible();
  await detail.getByRole("button", { name: "Approve and publish" }).click();
  await expect(page.getByTestId("policy-changes")).toContainText(`Decided: ${message}`);
}

test("edit, test, replay, shadow, publish through review and roll back a policy", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const policyAdmin = await addUser(page, { role: "policy_admin" });
  const { agent, key } = await registerAgent(page.request, "support-studio");
  // Seeded history: refunds of 30 (routine), 60, 75 and 90 (routine today, not under 50) and 150 (an approver's).
  for (const amount of [30, 60, 75, 90]) expect(await refund(key, amount)).toBe("allowed");
  expect(await refund(key, 150)).toBe("pending");

  const editor = await signedInPage(browser, policyAdmin);
  await editor.goto("/policies");
  const before = Number((await editor.getByTestId("active-version").textContent())!.replace(/\D/g, ""));
  await editor.getByRole("button", { name: "New draft" }).click();
  await expect(editor).toHaveURL(/draft=/);
  await editor.getByRole("tab", { name: "customer-support.yaml" }).click();

  // An invalid CEL condition is underlined at its line within a second.
  await typeOver(editor, 'when: "params.amount <= 100"', 'when: "params.amount <= limit"');
  await expect(editor.getByTestId("policy-problems")).toContainText("policies/customer-support.yaml:17:", { timeout: 1_000 });
  await expect(editor.getByTestId("policy-problems")).toContainText("CEL");
  await expect(editor.locator(".cm-lintRange-error").first()).toBeVisible({ timeout: 1_000 });

  // Fixed, and the routine limit lowered to 50: the test about 100 now fails, and is updated.
  await typeOver(editor, 'when: "params.amount <= limit"', 'when: "params.amount <= 50"');
  await typeOver(editor, "params.amount > 100 &&", "params.amount > 50 &&");
  await expect(editor.getByTestId("policy-problems")).toContainText("No errors");
  const test100 = editor.getByTestId("policy-test").filter({ hasText: "a refund of exactly 100 is still routine" });
  await expect(test100).toHaveAttribute("data-passed", "false");
  await expect(test100).toContainText("expected allow (rule small-refunds), got require_approval (rule large-refunds)");
  await typeOver(editor, "amount: 100.0 } }", "amount: 100.0 } }");
  await editor.keyboard.press("ArrowDown");
  await editor.keyboard.press("End");
  await editor.keyboard.press("Shift+Home");
  await editor.keyboard.type("expect: { effect: require_approval, rule: large-refunds }");
  await expect(test100).toHaveAttribute("data-passed", "true");
  await expect(editor.getByTestId("test-panel")).toContainText(", 0 failed");
  await expect(editor.getByTestId("save-state")).toHaveText("Saved");

  // The draft against the active version, and the replay over the agent's history.
  await expect(editor.getByTestId("change-summary")).toContainText(
    "rule small-refunds: when changed from `params.amount <= 100` to `params.amount <= 50`",
  );
  await editor.getByRole("tab", { name: "replay" }).click();
  await editor.getByLabel("Agent (optional)").fill(agent.name);
  await editor.getByRole("button", { name: "Replay" }).click();
  const report = editor.getByTestId("replay-report");
  await expect(report.getByTestId("transition-allow-require_approval")).toHaveText("3");
  await expect(report.getByTestId("replay-causes")).toContainText("customer-support/large-refunds");
  await expect(report.getByTestId("replay-workload")).toContainText("1 → 4 approval requests");

  // In shadow: live decisions are untouched, disagreements counted.
  await editor.getByRole("tab", { name: "shadow" }).click();
  await editor.getByRole("button", { name: "Start this draft in shadow" }).click();
  await expect(editor.getByTestId("shadow-evaluated")).toBeVisible();
  expect(await refund(key, 80)).toBe("allowed");
  await expect(editor.getByTestId("shadow-disagreements")).toHaveText("1");

  // Review on (the admin's setting): publishing asks for review; the admin approves in the inbox.
  await page.goto("/policies");
  const reviewSwitch = page.getByLabel("Require review of policy changes");
  await reviewSwitch.check();
  await expect(reviewSwitch).toBeChecked();
  await expect(reviewSwitch).toBeEnabled(); // the server has it: the switch is disabled while it saves
  await editor.reload();
  await editor.getByRole("tab", { name: "publish" }).click();
  await editor.getByLabel("Publish message").fill("Routine refunds up to 50");
  await editor.getByRole("button", { name: "Ask for review" }).click();
  await expect(editor.getByTestId("publish-outcome")).toContainText("Change request opened");
  await approveInInbox(page, "Routine refunds up to 50");
  expect(await refund(key, 80)).toBe("pending");

  // Rolling back (reviewed as well) makes it allowed again.
  await editor.goto("/policies");
  const versions = editor.getByTestId("policy-versions");
  await expect(versions.getByTestId("policy-version").first()).toContainText("reviewed by admin@e2e.test");
  await versions.locator(`[data-version="${before}"]`).getByRole("button", { name: "Roll back to this version" }).click();
  await editor.getByRole("dialog").getByRole("button", { name: "Roll back" }).click();
  await expect(editor.getByTestId("rollback-outcome")).toContainText("Change request opened");
  await approveInInbox(page, `Roll back to version ${before}`);
  expect(await refund(key, 80)).toBe("allowed");
  await editor.goto("/policies");
  await expect(editor.getByTestId("policy-version").first()).toContainText(`rolled back from ${before}`);

  await page.goto("/policies");
  await page.getByLabel("Require review of policy changes").uncheck();
  await expect(page.getByLabel("Require review of policy changes")).not.toBeChecked();
  await expect(page.getByLabel("Require review of policy changes")).toBeEnabled();
  await editor.context().close();
});
