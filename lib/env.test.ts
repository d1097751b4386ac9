import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, oidcEnabled, parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to the embedded database in ./.gatehouse", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.GATEHOUSE_DATA_DIR).toBe(path.resolve(".gatehouse"));
    expect(oidcEnabled(env)).toBe(false);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", OIDC_ISSUER: " " }).DATABASE_URL).toBeUndefined();
  });

  it("names every problem and the variable it concerns", () => {
    try {
      parseEnv({
        DATABASE_URL: "mysql://x",
        NEXTAUTH_SECRET: "short",
        OIDC_ISSUER: "https://id.example.com",
        GATEHOUSE_ADMIN_EMAIL: "a@b.co",
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join("\n");
      expect(problems).toContain("DATABASE_URL must be a postgresql:// connection URL");
      expect(problems).toContain("NEXTAUTH_SECRET must be at least 32 characters");
      expect(problems).toContain("OIDC_CLIENT_ID is required when any OIDC_* is set");
      expect(problems).toContain("OIDC_CLIENT_SECRET is required when any OIDC_* is set");
      expect(problems).toContain("GATEHOUSE_ADMIN_PASSWORD is required when GATEHOUSE_ADMIN_EMAIL is set");
    }
  });

  it("switches OIDC on when issuer, client id and secret are all set", () => {
    const env = parseEnv({ OIDC_ISSUER: "https://id.example.com", OIDC_CLIENT_ID: "gh", OIDC_CLIENT_SECRET: "s" });
    expect(oidcEnabled(env)).toBe(true);
    expect(env.OIDC_NAME).toBe("Single sign-on");
  });

  it("reads the single sign-on settings, with defaults", () => {
    const env = parseEnv({ OIDC_ISSUER: "https://id.example.com", OIDC_CLIENT_ID: "gh", OIDC_CLIENT_SECRET: "s" });
    expect(env).toMatchObject({
      OIDC_SCOPES: "openid email profile",
      OIDC_GROUPS_CLAIM: "groups",
      OIDC_EMAIL_VERIFIED_CLAIM: "email_verified",
      OIDC_DEFAULT_ROLE: "viewer",
      OIDC_ROLE_MAP: null,
      OIDC_GROUP_MAP: null,
      OIDC_LINK_BY_EMAIL: "passwordless",
      OIDC_ALLOWED_DOMAINS: [],
      GATEHOUSE_PASSWORD_SIGN_IN: "all",
      GATEHOUSE_BREAK_GLASS_ADMINS: [],
      GATEHOUSE_SESSION_HOURS: 12,
    });
    const set = parseEnv({
      OIDC_ISSUER: "https://id.example.com",
      OIDC_CLIENT_ID: "gh",
      OIDC_CLIENT_SECRET: "s",
      OIDC_ROLE_MAP: "Gatehouse Admins=admin, approvers=approver",
      OIDC_GROUP_MAP: "finance-team=finance",
      OIDC_DEFAULT_ROLE: "none",
      OIDC_ALLOWED_DOMAINS: "Example.com, example.org",
      GATEHOUSE_PASSWORD_SIGN_IN: "break_glass",
      GATEHOUSE_BREAK_GLASS_ADMINS: "Root@Example.com",
      GATEHOUSE_SESSION_HOURS: "8",
    });
    expect([...set.OIDC_ROLE_MAP!]).toEqual([
      ["Gatehouse Admins", "admin"],
      ["approvers", "approver"],
    ]);
    expect([...set.OIDC_GROUP_MAP!]).toEqual([["finance-team", "finance"]]);
    expect(set).toMatchObject({
      OIDC_DEFAULT_ROLE: "none",
      OIDC_ALLOWED_DOMAINS: ["example.com", "example.org"],
      GATEHOUSE_BREAK_GLASS_ADMINS: ["root@example.com"],
      GATEHOUSE_SESSION_HOURS: 8,
    });
  });

  it("explains each bad single sign-on setting", () => {
    try {
      parseEnv({
        OIDC_SCOPES: "email profile",
        OIDC_ROLE_MAP: "admins=root",
        OIDC_GROUP_MAP: "finance",
        OIDC_DEFAULT_ROLE: "superuser",
        OIDC_LINK_BY_EMAIL: "yes",
        OIDC_ALLOWED_DOMAINS: "example.com,@bad",
        GATEHOUSE_PASSWORD_SIGN_IN: "break_glass",
        GATEHOUSE_BREAK_GLASS_ADMINS: "root",
        GATEHOUSE_SESSION_HOURS: "0.5",
      });
      expect.unreachable();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toEqual(
        expect.arrayContaining([
          'OIDC_SCOPES must include openid, e.g. "openid email profile groups"',
          'OIDC_ROLE_MAP "root" is not a role (viewer, approver, policy_admin, admin); expected e.g. gatehouse-admins=admin,gatehouse-approvers=approver',
          'OIDC_GROUP_MAP "finance" is not idp-group=value; expected e.g. finance-team=finance',
          "OIDC_DEFAULT_ROLE must be one of: viewer, approver, policy_admin, admin, none",
          "OIDC_LINK_BY_EMAIL must be never, passwordless or always",
          'OIDC_ALLOWED_DOMAINS has "@bad", which is not an e-mail domain; expected e.g. example.com,example.org',
          'GATEHOUSE_BREAK_GLASS_ADMINS has "root", which is not an e-mail address; expected e.g. admin@example.com,ops@example.com',
          "GATEHOUSE_SESSION_HOURS must be a whole number of hours from 1 to 720",
        ]),
      );
    }
  });

  it("refuses break-glass-only password sign-in without single sign-on", () => {
    expect(() => parseEnv({ GATEHOUSE_PASSWORD_SIGN_IN: "break_glass" })).toThrow(
      "GATEHOUSE_PASSWORD_SIGN_IN is break_glass, which needs single sign-on: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET",
    );
  });
});
