import { describe, expect, it } from "vitest";
import { claimAt, missingClaims, readProfile } from "./claims";

const names = { groups: "groups", emailVerified: "email_verified" };

describe("reading an OpenID Provider's claims", () => {
  it("reads who the account is, its e-mail, whether it is verified, its name and groups", () => {
    expect(
      readProfile(
        {
          iss: "https://idp.example.com/",
          sub: "248289761001",
          email: " Jane@Example.COM ",
          email_verified: true,
          name: " Jane Doe ",
          groups: ["admins", 7, "ops"],
        },
        names,
      ),
    ).toEqual({
      issuer: "https://idp.example.com",
      subject: "248289761001",
      email: "jane@example.com",
      emailVerified: true,
      name: "Jane Doe",
      groups: ["admins", "ops"],
    });
  });

  it("treats only true (or the string 'true') as verified, and a malformed e-mail as none", () => {
    expect(readProfile({ iss: "i", sub: "s", email: "a@b.co", email_verified: "true" }, names).emailVerified).toBe(true);
    for (const v of [false, "false", 1, undefined, null]) {
      expect(readProfile({ iss: "i", sub: "s", email: "a@b.co", email_verified: v }, names).emailVerified).toBe(false);
    }
    expect(readProfile({ iss: "i", sub: "s", email: "not an address" }, names)).toMatchObject({ email: null, name: null, groups: [] });
  });

  it("reads the verification and the groups from the claims named by the settings", () => {
    const profile = readProfile(
      { iss: "i", sub: "s", email: "a@b.co", xms_edov: true, realm_access: { roles: ["admin"] } },
      { groups: "realm_access.roles", emailVerified: "xms_edov" },
    );
    expect(profile).toMatchObject({ emailVerified: true, groups: ["admin"] });
    expect(readProfile({ iss: "i", sub: "s", groups: "one-group" }, names).groups).toEqual(["one-group"]);
  });

  it("finds a namespaced claim by its literal name before reading a dotted name as a path", () => {
    expect(claimAt({ "https://example.com/groups": ["a"] }, "https://example.com/groups")).toEqual(["a"]);
    expect(claimAt({ a: { b: { c: 1 } } }, "a.b.c")).toBe(1);
    expect(claimAt({ a: "x" }, "a.b")).toBeUndefined();
  });

  it("says which claims the ID token lacks, so userinfo is asked only when needed", () => {
    expect(missingClaims({ sub: "s", email: "a@b.co", email_verified: false, name: "A", groups: [] }, names)).toEqual([]);
    expect(missingClaims({ sub: "s" }, names)).toEqual(["email", "email_verified", "name", "groups"]);
  });
});
