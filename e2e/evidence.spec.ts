import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { registerAgent, watchCsp } from "./helpers";

const run = promisify(execFile);

test("an admin downloads the evidence bundle from the Audit page as a zip the offline verifier accepts, under the CSP", async ({
  page,
}) => {
  const { key } = await registerAgent(page.request, "support-evidence");
  const asked = await page.request.post("/api/v1/actions", {
    headers: { authorization: `Bearer ${key}` },
    data: { type: "refund.issue", resource: "orders/evidence-1", params: { amount: 20 } },
  });
  expect(asked.status()).toBe(201);

  const violations = await watchCsp(page);
  await page.goto("/audit");
  const form = page.getByTestId("evidence-form");
  const from = form.getByLabel("From (UTC)");
  const to = form.getByLabel("To (UTC, included)");
  const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  await expect(from).toHaveValue(utcDate(Date.now() - 30 * 86_400_000));
  await expect(to).toHaveValue(utcDate(Date.now()));

  // A period that ends before it starts is a message on the page, not a request.
  const defaultFrom = await from.inputValue();
  await from.fill(utcDate(Date.now() + 86_400_000));
  await form.getByRole("button", { name: "Download evidence bundle" }).click();
  await expect(page.getByTestId("evidence-error")).toHaveText("to must be after from");
  await from.fill(defaultFrom);

  const downloading = page.waitForEvent("download");
  await form.getByRole("button", { name: "Download evidence bundle" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`gatehouse-evidence-${defaultFrom}-${utcDate(Date.now())}.zip`);
  await expect(page.getByTestId("evidence-error")).toHaveCount(0);
  const file = test.info().outputPath("evidence.zip");
  await download.saveAs(file);

  const keys = [await page.getByTestId("verifier-key").textContent()];
  const earlier = page.getByTestId("earlier-verifier-keys");
  if (await earlier.count()) keys.push(await earlier.textContent());
  const keyArgs = keys.flatMap((k) => k!.trim().split(/\s+/)).flatMap((k) => ["--key", k]);
  const { stdout } = await run("npx", ["tsx", "scripts/gatehouse.ts", "evidence", "verify", file, ...keyArgs]);
  expect(stdout).toMatch(/^OK: 11 files match the manifest, recorded under the signed checkpoint of size \d+/);

  expect(await violations()).toEqual([]);
});
