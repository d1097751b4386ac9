import type { Actor } from "../../lib/audit/entry";
import { createAgent, findAgentByName, getAgent, issueApiKey, listAgents, revokeApiKey } from "../../lib/agents/service";
import type { ApiKeyScope } from "../../lib/auth/api-key-scopes";
import { BadRequestError } from "../../lib/errors";
import { changeRole, createUser, listUsers, setUserGroups } from "../../lib/users/service";
import { splitGroups } from "../../lib/contracts/users";
import type { Role } from "../../lib/auth/permissions";
import { db } from "../../lib/db/client";
import { engageKillSwitch, listEngaged, releaseKillSwitch } from "../../lib/killswitch/service";
import { integrateAll, verifyDatabase } from "../../lib/audit/service";
import { checkPolicyDir } from "../policies-check";
import { describeTarget, type KillSwitchTarget } from "../../lib/killswitch/target";
import { opsCommands } from "./ops-commands";
import { policyCommands } from "./policy-commands";
import { backupCommands } from "./backup-commands";

async function killSwitchTarget(options: CommandInput["options"]): Promise<KillSwitchTarget> {
  const agent = str(options.agent);
  const type = str(options.type);
  if (agent && type) throw new BadRequestError("Give --agent or --type, not both");
  if (agent) return { scope: "agent", agentId: (await findAgentByName(agent)).id };
  if (type) return { scope: "action_type", actionType: type };
  return { scope: "global" };
}

export type CommandInput = { args: string[]; options: Record<string, string | string[] | boolean | undefined>; actor: Actor };
/** A command that ran but found a problem: its report is printed and the exit code is 1. */
export class CommandFailed extends Error {
  constructor(
    public readonly output: string,
    public readonly data: unknown,
  ) {
    super(output);
  }
}

export type Command = {
  name: string;
  /** False for commands that never open the database (default true). */
  needsDatabase?: boolean;
  usage: string;
  summary: string;
  run(input: CommandInput): Promise<{ text: string; data: unknown }>;
};

function arg(args: string[], index: number, what: string): string {
  const value = args[index];
  if (!value) throw new BadRequestError(`Missing ${what}`);
  return value;
}

const str = (v: string | string[] | boolean | undefined) => (typeof v === "string" ? v : undefined);

/** Commands later features add to (kill switch, policies, audit) live in this list. */
export const commands: Command[] = [
  {
    name: "users create",
    usage: "users create EMAIL --role ROLE [--password P | --sso-only] [--name N] [--groups a,b]",
    summary: "add a user (prints a generated password once if none given; --sso-only: no password, signs in with single sign-on)",
    async run({ args, options, actor }) {
      const groups = str(options.groups);
      const { user, generatedPassword } = await createUser(
        {
          email: arg(args, 0, "EMAIL"),
          role: (str(options.role) ?? "viewer") as Role,
          password: str(options.password),
          name: str(options.name),
          ssoOnly: options["sso-only"] === true,
          groups: groups === undefined ? undefined : splitGroups(groups),
        },
        actor,
      );
      return {
        data: { user, generatedPassword: generatedPassword ?? null },
        text: `Created ${user.email} (${user.role}${user.groups.length ? `; groups ${user.groups.join(", ")}` : ""})${generatedPassword ? `\nPassword (shown once): ${generatedPassword}` : ""}${options["sso-only"] ? "\nNo password: signs in with single sign-on" : ""}`,
      };
    },
  },
  {
    name: "users list",
    usage: "users list",
    summary: "list users and roles",
    async run() {
      const users = await listUsers();
      return {
        data: users,
        text:
          users
            .map(
              (u) =>
                `${u.email.padEnd(36)} ${u.role.padEnd(13)} ${(u.disabled ? "disabled" : "active").padEnd(9)} ${u.groups.join(",") || "-"}`,
            )
            .join("\n") || "No users.",
      };
    },
  },
  {
    name: "users set-role",
    usage: "users set-role EMAIL --role ROLE",
    summary: "change a user's role",
    async run({ args, options, actor }) {
      const email = arg(args, 0, "EMAIL").toLowerCase();
      const user = await db().user.findUnique({ where: { email } });
      if (!user) throw new BadRequestError(`No user with e-mail ${email}`);
      const updated = await changeRole(user.id, (str(options.role) ?? "") as Role, actor);
      return { data: updated, text: `${updated.email} is now ${updated.role}` };
    },
  },
  {
    name: "users set-groups",
    usage: "users set-groups EMAIL GROUPS",
    summary: 'replace a user\'s approver groups (comma-separated, "" for none)',
    async run({ args, actor }) {
      const email = arg(args, 0, "EMAIL").toLowerCase();
      if (args[1] === undefined) throw new BadRequestError('Missing GROUPS (comma-separated, or "" for none)');
      const user = await db().user.findUnique({ where: { email } });
      if (!user) throw new BadRequestError(`No user with e-mail ${email}`);
      const updated = await setUserGroups(user.id, splitGroups(args[1]), actor);
      return {
        data: updated,
        text: `${updated.email} is in ${updated.groups.length ? `groups ${updated.groups.join(", ")}` : "no group"}`,
      };
    },
  },
  {
    name: "agents create",
    usage: "agents create NAME [--owner EMAIL] [--description TEXT]",
    summary: "register an agent",
    async run({ args, options, actor }) {
      const agent = await createAgent(
        { name: arg(args, 0, "NAME"), ownerEmail: str(options.owner), description: str(options.description) },
        actor,
      );
      const { webhookSecret: _secret, ...visible } = agent;
      return { data: visible, text: `Registered agent ${agent.name} (${agent.id})` };
    },
  },
  {
    name: "agents list",
    usage: "agents list",
    summary: "list agents",
    async run() {
      const agents = await listAgents();
      const data = agents.map((a) => ({
        id: a.id,
        name: a.name,
        status: a.status,
        owner: a.owner?.email ?? null,
        activeKeys: a.apiKeys.length,
      }));
      return {
        data,
        text:
          data.map((a) => `${a.name.padEnd(32)} ${a.status.padEnd(9)} keys:${a.activeKeys} owner:${a.owner ?? "-"}`).join("\n") ||
          "No agents.",
      };
    },
  },
  {
    name: "keys create",
    usage: "keys create AGENT [--name N] [--scopes a,b] [--expires-days D]",
    summary: "issue an API key for an agent (printed once)",
    async run({ args, options, actor }) {
      const agent = await findAgentByName(arg(args, 0, "AGENT"));
      const scopes = str(options.scopes)
        ?.split(",")
        .map((s) => s.trim()) as ApiKeyScope[] | undefined;
      const days = str(options["expires-days"]);
      const { key, apiKey } = await issueApiKey(
        { agentId: agent.id, name: str(options.name), scopes, expiresInDays: days === undefined ? undefined : Number(days) },
        actor,
      );
      return {
        data: { key, prefix: apiKey.prefix, agent: agent.name, scopes: apiKey.scopes, expiresAt: apiKey.expiresAt },
        text: `API key for ${agent.name} (shown once, store it now):\n${key}`,
      };
    },
  },
  {
    name: "keys list",
    usage: "keys list AGENT",
    summary: "list an agent's keys (prefixes only)",
    async run({ args }) {
      const agent = await getAgent((await findAgentByName(arg(args, 0, "AGENT"))).id);
      return {
        data: agent.apiKeys,
        text:
          agent.apiKeys
            .map(
              (k) =>
                `${k.prefix}  ${k.name.padEnd(16)} ${k.revokedAt ? "revoked" : "active "}  last used: ${k.lastUsedAt?.toISOString() ?? "never"}`,
            )
            .join("\n") || "No keys.",
      };
    },
  },
  {
    name: "keys revoke",
    usage: "keys revoke KEY_PREFIX",
    summary: "revoke a key by its prefix (gatehouse_xxxxxxxx)",
    async run({ args, actor }) {
      const prefix = arg(args, 0, "KEY_PREFIX").split("_").slice(0, 2).join("_");
      const { apiKey, agentName } = await revokeApiKey({ prefix }, actor);
      return {
        data: { prefix: apiKey.prefix, agent: agentName, revokedAt: apiKey.revokedAt },
        text: `Revoked ${apiKey.prefix} (agent ${agentName})`,
      };
    },
  },
  {
    name: "killswitch engage",
    usage: "killswitch engage [--agent NAME | --type TYPE] --reason TEXT [--auto-reject]",
    summary: "halt the fleet (default), one agent or one action type",
    async run({ options, actor }) {
      const target = await killSwitchTarget(options);
      const { killSwitch, label, rejected } = await engageKillSwitch(
        { target, reason: str(options.reason) ?? "", autoReject: options["auto-reject"] === true },
        actor,
      );
      return {
        data: { id: killSwitch.id, halts: label, reason: killSwitch.reason, rejectedPending: rejected },
        text: `Engaged: ${label} is halted (${killSwitch.reason})${rejected ? `; ${rejected} pending action(s) rejected` : ""}`,
      };
    },
  },
  {
    name: "killswitch release",
    usage: "killswitch release [--agent NAME | --type TYPE] --reason TEXT",
    summary: "release the engaged switch for that target",
    async run({ options, actor }) {
      const target = await killSwitchTarget(options);
      const engaged = (await listEngaged()).find(
        (k) =>
          k.scope === target.scope &&
          (target.scope !== "agent" || k.agentId === target.agentId) &&
          (target.scope !== "action_type" || k.actionType === target.actionType),
      );
      if (!engaged) throw new BadRequestError("No kill switch is engaged for that target (see `killswitch status`)");
      const { label } = await releaseKillSwitch({ id: engaged.id, reason: str(options.reason) ?? "" }, actor);
      return { data: { id: engaged.id, released: label }, text: `Released: ${label}` };
    },
  },
  {
    name: "killswitch status",
    usage: "killswitch status",
    summary: "what is halted, since when and why",
    async run() {
      const engaged = await listEngaged();
      const data = engaged.map((k) => ({
        id: k.id,
        halts: describeTarget({ scope: k.scope, agentName: k.agent?.name, actionType: k.actionType }),
        reason: k.reason,
        engagedAt: k.engagedAt,
        engagedBy: k.engagedBy?.email ?? null,
      }));
      return {
        data,
        text: data.map((k) => `HALTED ${k.halts} since ${k.engagedAt.toISOString()}: ${k.reason}`).join("\n") || "Nothing is halted.",
      };
    },
  },
  {
    name: "policies check",
    usage: "policies check [DIR]",
    summary: "validate a folder of policies and run their test cases (default policies/)",
    needsDatabase: false,
    async run({ args }) {
      const { ok, output } = await checkPolicyDir(args[0] ?? "policies").catch((error: Error) => {
        throw new BadRequestError(error.message);
      });
      if (!ok) throw new CommandFailed(output, { output });
      return { data: { ok, output }, text: output };
    },
  },
  ...policyCommands,
  ...opsCommands,
  {
    name: "audit verify",
    usage: "audit verify",
    summary: "verify the audit trail: hashes, Merkle tree, signed checkpoints",
    async run() {
      await integrateAll();
      const report = await verifyDatabase();
      const text =
        `${report.ok ? "OK" : "FAILED"}: ${report.entries} entries (${report.verifiedInFull} in full, ${report.verifiedByCommitment} by commitment only), ${report.checkpointsVerified}/${report.checkpoints} checkpoints verified` +
        (report.firstBadReason ? `\nfirst bad entry: ${report.firstBadReason}` : "") +
        [...report.problems, ...report.notInTree].map((p) => `\n  - ${p.message}`).join("");
      if (!report.ok) throw new CommandFailed(text, report);
      return { data: report, text };
    },
  },
  ...backupCommands,
];
