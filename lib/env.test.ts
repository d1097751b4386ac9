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
});
