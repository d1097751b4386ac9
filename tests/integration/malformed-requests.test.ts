import { describe, expect, it } from "vitest";
import * as nextAuthRoute from "@/app/api/auth/[...nextauth]/route";

// Malformed requests that `npm run fuzz` found answered with a 500, each now a 4xx saying what is wrong.

describe("malformed requests", () => {
  it.each(["callback/credentials", "signout", "no-such-action"])(
    "next-auth: POST /api/auth/%s with a JSON body that does not parse is a 400",
    async (action) => {
      const response = await nextAuthRoute.POST(
        new Request(`http://gatehouse.test/api/auth/${action}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{bad",
        }),
        { params: Promise.resolve({ nextauth: action.split("/") }) },
      );
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/not valid JSON/);
    },
  );
});
