import { createPrivateKey } from "node:crypto";
import path from "node:path";
import { z } from "zod";
import { ROLES } from "./auth/permissions";
import { EmailSchema } from "./contracts/users";
import type { SsoPolicy } from "./sso/decide";
import { parseGroupMap, parseRoleMap, type Parsed } from "./sso/mapping";

// Every setting Gatehouse reads, validated once. A missing or malformed value stops
// start-up with a message that names the variable and says what is expected.

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const isEd25519PrivateKey = (pem: string) => {
  try {
    return createPrivateKey(pem).asymmetricKeyType === "ed25519";
  } catch {
    return false;
  }
};
const Ed25519PrivateKeyPem = z
  .string()
  .refine(isEd25519PrivateKey, "must be an Ed25519 private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)");

const TTL_ERROR = "must be a whole number of seconds from 10 to 86400";
const REVIEW_EXPIRY_ERROR = "must be a whole number of days from 1 to 90";
const VERIFY_ERROR = "must be a whole number of minutes from 1 to 59";
const SESSION_ERROR = "must be a whole number of hours from 1 to 720";

/** "a, b" → ["a", "b"] in lower case, each item checked; unset → []. */
const commaList = (valid: (item: string) => boolean, expected: string) =>
  optionalString.transform((v, ctx) => {
    const items = (v ?? "")
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    for (const bad of items.filter((item) => !valid(item)))
      ctx.addIssue({ code: "custom", message: `has "${bad}", which is not ${expected}` });
    return items;
  });

/** An idp-group=value map (OIDC_ROLE_MAP, OIDC_GROUP_MAP); unset → null. */
const groupMapping = <T>(parse: (text: string) => Parsed<T>, example: string) =>
  optionalString.transform((text, ctx) => {
    if (text === undefined) return null;
    const { map, errors } = parse(text);
    for (const error of errors) ctx.addIssue({ code: "custom", message: `${error}; expected e.g. ${example}` });
    return map;
  });

const FIELD_PATHS = /^\s*[\w-]+(\.[\w-]+)*(\s*,\s*[\w-]+(\.[\w-]+)*)*\s*$/;

const RETENTION_ERROR = "must be a whole number of days from 1 to 36500 (unset: kept for ever)";
/** Days to keep a kind of data; unset: for ever. */
const retentionDays = optionalString.pipe(
  z.coerce.number<string>({ error: RETENTION_ERROR }).int(RETENTION_ERROR).min(1, RETENTION_ERROR).max(36_500, RETENTION_ERROR).optional(),
);

const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection URL")
        .optional(),
    ),
    GATEHOUSE_DATA_DIR: optionalString.transform((v) => path.resolve(/*turbopackIgnore: true*/ v ?? ".gatehouse")),
    NEXTAUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    NEXTAUTH_URL: optionalString.pipe(z.url("must be an absolute URL such as https://gatehouse.example.com").optional()),
    GATEHOUSE_ADMIN_EMAIL: optionalString.pipe(z.email("must be an e-mail address").optional()),
    GATEHOUSE_ADMIN_PASSWORD: optionalString.pipe(z.string().min(12, "must be at least 12 characters").optional()),
    OIDC_ISSUER: optionalString.pipe(z.url("must be the issuer URL").optional()),
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_NAME: optionalString.transform((v) => v ?? "Single sign-on"),
    OIDC_SCOPES: optionalString
      .transform((v) => v ?? "openid email profile")
      .pipe(z.string().regex(/(^|\s)openid(\s|$)/, 'must include openid, e.g. "openid email profile groups"')),
    OIDC_GROUPS_CLAIM: optionalString.transform((v) => v ?? "groups"),
    OIDC_EMAIL_VERIFIED_CLAIM: optionalString.transform((v) => v ?? "email_verified"),
    OIDC_DEFAULT_ROLE: optionalString.pipe(
      z.enum([...ROLES, "none"], { error: `must be one of: ${ROLES.join(", ")}, none` }).default("viewer"),
    ),
    OIDC_ROLE_MAP: groupMapping(parseRoleMap, "gatehouse-admins=admin,gatehouse-approvers=approver"),
    OIDC_GROUP_MAP: groupMapping(parseGroupMap, "finance-team=finance"),
    OIDC_LINK_BY_EMAIL: optionalString.pipe(
      z.enum(["never", "passwordless", "always"], { error: "must be never, passwordless or always" }).default("passwordless"),
    ),
    OIDC_ALLOWED_DOMAINS: commaList((d) => DOMAIN.test(d), "an e-mail domain; expected e.g. example.com,example.org"),
    GATEHOUSE_PASSWORD_SIGN_IN: optionalString.pipe(z.enum(["all", "break_glass"], { error: "must be all or break_glass" }).default("all")),
    GATEHOUSE_BREAK_GLASS_ADMINS: commaList(
      (e) => EmailSchema.safeParse(e).success,
      "an e-mail address; expected e.g. admin@example.com,ops@example.com",
    ),
    GATEHOUSE_SESSION_HOURS: optionalString
      .transform((v) => v ?? "12")
      .pipe(z.coerce.number<string>({ error: SESSION_ERROR }).int(SESSION_ERROR).min(1, SESSION_ERROR).max(720, SESSION_ERROR)),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    GATEHOUSE_AUDIT_ORIGIN: optionalString
      .transform((v) => v ?? "gatehouse.local/audit")
      .pipe(z.string().regex(/^[^\s+]+$/, "must be a name without spaces or '+', e.g. gatehouse.example.com/audit")),
    GATEHOUSE_AUDIT_REDACT: optionalString.pipe(
      z.string().regex(FIELD_PATHS, "must be a comma-separated list of field paths such as params.email,params.card").optional(),
    ),
    GATEHOUSE_AUDIT_REDACT_SALT: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    GATEHOUSE_ERASURE_PATHS: optionalString.pipe(
      z
        .string()
        .regex(FIELD_PATHS, "must be a comma-separated list of field paths such as params.customerEmail,context.user.email")
        .optional(),
    ),
    GATEHOUSE_RETENTION_ACTION_PAYLOAD_DAYS: retentionDays,
    GATEHOUSE_RETENTION_AUDIT_PAYLOAD_DAYS: retentionDays,
    GATEHOUSE_RETENTION_DELIVERY_DAYS: retentionDays,
    GATEHOUSE_RETENTION_SESSION_DAYS: retentionDays,
    GATEHOUSE_AUDIT_SIGNING_KEY: optionalString.pipe(Ed25519PrivateKeyPem.optional()),
    GATEHOUSE_DECISION_SIGNING_KEY: optionalString.pipe(Ed25519PrivateKeyPem.optional()),
    GATEHOUSE_DECISION_TOKEN_TTL_SECONDS: optionalString
      .transform((v) => v ?? "900")
      .pipe(z.coerce.number<string>({ error: TTL_ERROR }).int(TTL_ERROR).min(10, TTL_ERROR).max(86_400, TTL_ERROR)),
    GATEHOUSE_POLICY_REVIEW_EXPIRY_DAYS: optionalString
      .transform((v) => v ?? "7")
      .pipe(
        z.coerce
          .number<string>({ error: REVIEW_EXPIRY_ERROR })
          .int(REVIEW_EXPIRY_ERROR)
          .min(1, REVIEW_EXPIRY_ERROR)
          .max(90, REVIEW_EXPIRY_ERROR),
      ),
    SMTP_URL: optionalString.pipe(
      z
        .string()
        .regex(/^smtps?:\/\/[^/\s]+/, "must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587")
        .optional(),
    ),
    SMTP_FROM: optionalString.transform((v) => v ?? "Gatehouse <gatehouse@localhost>"),
    GATEHOUSE_SLACK_WEBHOOK_URL: optionalString.pipe(
      z.url({ protocol: /^https?$/, error: "must be an http(s) URL of a Slack-compatible incoming webhook" }).optional(),
    ),
    GATEHOUSE_NOTIFY_WEBHOOK_SECRET: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    GATEHOUSE_METRICS_TOKEN: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    GATEHOUSE_METRICS_PER_AGENT: optionalString
      .transform((v) => v ?? "false")
      .pipe(z.enum(["true", "false"], { error: "must be true or false" }))
      .transform((v) => v === "true"),
    GATEHOUSE_AUDIT_VERIFY_INTERVAL_MINUTES: optionalString
      .transform((v) => v ?? "15")
      .pipe(z.coerce.number<string>({ error: VERIFY_ERROR }).int(VERIFY_ERROR).min(1, VERIFY_ERROR).max(59, VERIFY_ERROR)),
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(
      z
        .url({ protocol: /^https?$/, error: "must be the http(s) URL of an OTLP/HTTP receiver, e.g. http://otel-collector:4318" })
        .optional(),
    ),
    OTEL_SERVICE_NAME: optionalString.transform((v) => v ?? "gatehouse"),
    GATEHOUSE_RUNBOOK_BASE_URL: optionalString
      .transform((v) => v ?? "docs/runbooks/")
      .pipe(z.string().regex(/\/$/, "must end with /, e.g. https://git.example.com/gatehouse/blob/main/docs/runbooks/")),
  })
  .superRefine((env, ctx) => {
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      for (const key of ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const) {
        if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required when any OIDC_* is set" });
      }
    }
    // Domain separation: a decision token and an audit checkpoint must never be signed by one key.
    if (env.GATEHOUSE_DECISION_SIGNING_KEY && env.GATEHOUSE_DECISION_SIGNING_KEY === env.GATEHOUSE_AUDIT_SIGNING_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["GATEHOUSE_DECISION_SIGNING_KEY"],
        message: "must be a different key from GATEHOUSE_AUDIT_SIGNING_KEY",
      });
    }
    // Password sign-in for break-glass admins only leaves everyone else to single sign-on.
    if (env.GATEHOUSE_PASSWORD_SIGN_IN === "break_glass" && !oidc.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["GATEHOUSE_PASSWORD_SIGN_IN"],
        message: "is break_glass, which needs single sign-on: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET",
      });
    }
    if (env.GATEHOUSE_ADMIN_EMAIL && !env.GATEHOUSE_ADMIN_PASSWORD) {
      ctx.addIssue({ code: "custom", path: ["GATEHOUSE_ADMIN_PASSWORD"], message: "is required when GATEHOUSE_ADMIN_EMAIL is set" });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".") || "environment"} ${i.message}`));
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated environment of this process (parsed on first use). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export const oidcEnabled = (e: Env = env()) => Boolean(e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET);

/** How single sign-on matches, links and maps users (lib/sso/decide.ts). */
export const ssoPolicy = (e: Env = env()): SsoPolicy => ({
  linkByEmail: e.OIDC_LINK_BY_EMAIL,
  allowedDomains: e.OIDC_ALLOWED_DOMAINS,
  defaultRole: e.OIDC_DEFAULT_ROLE,
  roleMap: e.OIDC_ROLE_MAP,
  groupMap: e.OIDC_GROUP_MAP,
});
