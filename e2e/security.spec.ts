import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { registerAgent, watchCsp } from "./helpers";

// Security headers on every answer, a nonce-based Content-Security-Policy the whole console
// works under (no violation on any page, the sign-in page included), and a 400 — not a 500 —
// for a path that is not valid percent-encoded UTF-8.

/** Every console page, found on disk: a new page is checked without anyone adding it here. */
function consolePages(dir = path.resolve(import.meta.dirname, "../app/(console)"), prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return consolePages(path.join(dir, e.name), `${prefix}/${e.name}`);
    return e.name === "page.tsx" ? [prefix || "/"] : [];
  });
}

test("every console page and the sign-in page work under the CSP, with no violation", async ({ page, browser }) => {
  test.setTimeout(180_000);
  // Ids for the pages that show one record.
  const { agent, key } = await registerAgent(page.request, "support-csp");
  const ask = await page.request.post("/api/v1/actions", {
    headers: { authorization: `Bearer ${key}` },
    data: { type: "refund.issue", resource: "orders/csp-1", params: { amount: 250 }, cost: { amount: 250, currency: "USD" } },
  });
  expect(ask.status()).toBe(201);
  const action = await ask.json();
  expect(action.status).toBe("pending");
  const audit = await (await page.request.get("/api/v1/audit?limit=1")).json();
  const ids: Record<string, string> = {
    "/actions/[id]": action.id,
    "/agents/[id]": agent.id,
    "/audit/[id]": audit.entries[0].id,
    "/inbox/[id]": action.approval.id,
  };
  const urls = consolePages().map((p) => (p.includes("[id]") ? p.replace("[id]", ids[p] ?? "") : p));
  expect(urls).toEqual(expect.arrayContaining(["/inbox", "/policies", "/dashboard", `/agents/${agent.id}`]));

  const violations = await watchCsp(page);
  for (const url of urls) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(200);
    expect(res?.headers()["content-security-policy"], url).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    await page.waitForLoadState("networkidle");
    if (url === "/policies") await expect(page.getByTestId("policy-editor").locator(".cm-content").first()).toBeVisible();
    expect(await violations(), url).toEqual([]);
  }

  const anonymous = await browser.newContext({ baseURL: BASE_URL, storageState: { cookies: [], origins: [] } });
  const signIn = await anonymous.newPage();
  const signInViolations = await watchCsp(signIn);
  await signIn.goto("/sign-in");
  await expect(signIn.getByRole("button", { name: "Sign in" })).toBeVisible();
  await signIn.waitForLoadState("networkidle");
  expect(await signInViolations()).toEqual([]);
  await anonymous.close();
});

test("pages and API answers carry the security headers; HSTS only over https", async ({ request }) => {
  const pageRes = await request.get("/sign-in");
  const h = pageRes.headers();
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["strict-transport-security"]).toBeUndefined();
  // A fresh nonce per response.
  const again = (await request.get("/sign-in")).headers()["content-security-policy"];
  expect(again).not.toBe(h["content-security-policy"]);

  const api = (await request.get("/api/v1/status")).headers();
  expect(api["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(api["x-content-type-options"]).toBe("nosniff");

  const https = (await request.get("/sign-in", { headers: { "x-forwarded-proto": "https" } })).headers();
  expect(https["strict-transport-security"]).toMatch(/max-age=\d+/);
  expect(https["content-security-policy"]).toContain("upgrade-insecure-requests");
});

test("a path that is not valid percent-encoded UTF-8 is a 400: JSON on the API, a page in the console", async ({ request }) => {
  for (const url of ["/api/keys/%ED%A0%80", "/api/v1/actions/%ED%A0%80/result"]) {
    const res = await request.post(url, { data: {} });
    expect(res.status(), url).toBe(400);
    expect((await res.json()).error.code, url).toBe("bad_request");
  }
  for (const url of ["/audit/%ED%A0%80", "/actions/%ED%A0%80", "/inbox/%ED%A0%80"]) {
    const res = await request.get(url);
    expect(res.status(), url).toBe(400);
    expect(await res.text(), url).toContain("Bad request");
  }
});

test("the Actions page with a cursor whose date cannot exist explains it, with no server error", async ({ page }) => {
  const res = await page.goto("/actions?cursor=2026-13-45T10:00:00.000Z_0b4bdc1e-8d55-4bd0-9a58-9f2a0b6a3c11");
  expect(res?.status()).toBeLessThan(500);
  await expect(page.getByText("cursor is not valid")).toBeVisible();
});
