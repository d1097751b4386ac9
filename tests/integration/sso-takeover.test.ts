import type { Account, Profile, User } from "next-auth";
import { entryData } from "@/lib/audit/leaf";
import { describe, expect, it } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { db } from "@/lib/db/client";
import { makeUser, uniq } from "@/lib/testing/factories";

// Regression: an OIDC sign-in used to be matched by e-mail alone, so an ID token for a
// never-seen subject asserting an existing admin's address, unverified, signed in as
// that admin. It goes through next-auth's signIn callback, as a real callback does.

async function oidcSignIn(claims: { sub: string; email: string; email_verified: boolean }) {
  const user: User = { id: claims.sub, email: claims.email, name: null };
  const account: Account = { provider: "oidc", type: "oauth", providerAccountId: claims.sub };
  const profile = { iss: "https://idp.example.test", ...claims } as Profile;
  const result = await authOptions().callbacks!.signIn!({ user, account, profile });
  return { result, signedInAs: user.id };
}

describe("OIDC account takeover through an unverified e-mail", () => {
  it("refuses an unverified e-mail equal to an existing password admin's, for a new subject", async () => {
    const admin = await makeUser("admin");
    const { result, signedInAs } = await oidcSignIn({ sub: uniq("attacker"), email: admin.email, email_verified: false });
    expect(result).not.toBe(true);
    expect(String(result)).toMatch(/^\/sign-in\?error=/);
    expect(signedInAs).not.toBe(admin.id);
    const after = await db().user.findUniqueOrThrow({ where: { id: admin.id } });
    expect(after.lastSignInAt).toBeNull();
    // The attempt is on the record, against the account it aimed at.
    const refusal = await db().auditEntry.findFirstOrThrow({ where: { subjectId: admin.id, eventType: "user.sign_in_failed" } });
    expect(entryData(refusal)).toMatchObject({
      method: "oidc",
      reason: "email_unverified",
      email: admin.email,
      emailVerified: false,
    });
  });
});
