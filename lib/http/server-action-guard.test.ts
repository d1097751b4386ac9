import { describe, expect, it } from "vitest";
import { jsonDepth, MAX_ACTION_BODY_BYTES, refuseMalformedServerAction } from "./server-action-guard";

// Each case was a 500 from Next.js before the guard (found by `npm run fuzz`).

const ID = "7fe67db09db2d7bae44dbf34425b57c9c684f51859";
const action = (headers: Record<string, string>, body: BodyInit = "[{}]") =>
  new Request("http://console.test/agents", {
    method: "POST",
    headers: {
      host: "console.test",
      "next-action": ID,
      "content-type": "text/plain;charset=UTF-8",
      origin: "http://console.test",
      ...headers,
    },
    body,
  });

async function refusal(request: Request) {
  const response = await refuseMalformedServerAction(request);
  return response && { status: response.status, code: ((await response.json()) as { error: { code: string } }).error.code };
}

describe("the server-action guard", () => {
  it("lets a well-formed action through, and anything that is not an action", async () => {
    expect(await refusal(action({}))).toBeUndefined();
    expect(await refusal(action({ "x-forwarded-host": "console.test" }))).toBeUndefined();
    const withoutOrigin = action({});
    withoutOrigin.headers.delete("origin");
    expect(await refusal(withoutOrigin)).toBeUndefined();
    expect(await refusal(new Request("http://console.test/agents", { method: "POST", body: "{bad" }))).toBeUndefined();
  });

  it.each([
    ["a form posted to a page without an action id", "multipart/form-data; boundary=x"],
    ["a urlencoded form posted to a page", "application/x-www-form-urlencoded"],
  ])("refuses %s (Next.js takes it for a server action)", async (_what, type) => {
    const request = new Request("http://console.test/agents", {
      method: "POST",
      headers: { "content-type": type, origin: "aaaa" },
      body: "a=1",
    });
    expect(await refusal(request)).toEqual({ status: 415, code: "unsupported_media_type" });
  });

  it.each([
    ["an id that is not one", { "next-action": "a".repeat(5000) }, "[{}]", 404],
    ["an empty id", { "next-action": "" }, "[{}]", 404],
    ["an Origin that is not a URL", { origin: "aaaa" }, "[{}]", 403],
    ["an empty Origin", { origin: "" }, "[{}]", 403],
    ["another site's Origin", { origin: "http://evil.test" }, "[{}]", 403],
    ["a forwarded host that is not the Origin's", { "x-forwarded-host": "other.test" }, "[{}]", 403],
    ["multipart without a boundary", { "content-type": "multipart/form-data" }, "xx", 415],
    ["multipart that is not", { "content-type": "multipart/form-data; boundary=fuzz" }, "xx", 415],
    ["a body that is not JSON", {}, "{bad", 400],
    ["a body that is not UTF-8", {}, new Uint8Array([0x5b, 0xff, 0xfe, 0x5d]), 400],
    ["arguments that are not an array", {}, '{"a":1}', 400],
    ["arguments nested 20,000 deep", {}, "[".repeat(20_000) + "]".repeat(20_000), 422],
    ["a body over the cap", {}, JSON.stringify(["x".repeat(MAX_ACTION_BODY_BYTES)]), 413],
  ] as const)("refuses %s", async (_what, headers, body, status) => {
    expect((await refusal(action(headers, body)))?.status).toBe(status);
  });

  it("measures JSON depth without recursion", () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth([])).toBe(1);
    expect(jsonDepth([{ a: [1] }, 2])).toBe(3);
    expect(jsonDepth(JSON.parse("[".repeat(100_000) + "]".repeat(100_000)))).toBe(100_000);
  });
});
