import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { unique } from "./helpers";

const run = promisify(execFile);

test("an auditor searches a time window for one agent, opens an entry, verifies, and exports a file the offline verifier accepts", async ({
  page,
}) => {
  const before = new Date(Date.now() - 60_000);
  const created = await page.request.post("/api/agents", { data: { name: unique("support-audit") } });
  const agent = (await created.json()).agent;
  const { key } = await (await page.request.post(`/api/agents/${agent.id}/keys`, { data: { name: "e2e" } })).json();
  await page.request.post("/api/v1/actions", {
    headers: { authorization: `Bearer ${key}` },
    data: { type: "refund.issue", resource: "orders/3003", params: { amount: 30 } },
  });
  const after = new Date(Date.now() + 60_000);

  // The form takes the viewer's local time, to the second.
  const local = (d: Date) => {
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  };
  await page.goto("/audit");
  const filters = page.getByTestId("audit-filters");
  await filters.getByLabel("From (your time)").fill(local(before));
  await filters.getByLabel("To (your time)").fill(local(after));
  await filters.getByLabel("Agent").fill(agent.name);
  await filters.getByRole("button", { name: "Search" }).click();
  const results = page.getByTestId("audit-results");
  await expect(results).toContainText("action.submitted");
  await expect(results).toContainText("policy.evaluated");
  await expect(results).toContainText("agent.created");

  await page.getByRole("button", { name: "Verify integrity" }).click();
  await expect(page.getByTestId("verify-result")).toContainText("Audit trail verified");

  await results.getByRole("link", { name: "action.submitted" }).click();
  await expect(page.getByTestId("audit-content")).toContainText("orders/3003");
  await expect(page.getByTestId("proof-status")).toContainText("verified", { timeout: 15_000 });

  await page.goBack();
  const verifierKey = (await page.getByTestId("verifier-key").textContent())!.trim();
  const downloadPromise = page.waitForEvent("download");
  await page.getByTestId("export-jsonl").click();
  const download = await downloadPromise;
  const file = test.info().outputPath("audit-export.jsonl");
  await download.saveAs(file);
  const { stdout } = await run("npx", ["tsx", "scripts/verify-export.ts", file, "--key", verifierKey]);
  expect(stdout).toMatch(/verified [1-9]\d* entries against checkpoint size \d+/);
});
