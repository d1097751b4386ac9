import type { Metadata } from "next";
import { CreateUserButton } from "@/components/users/create-user-button";
import { UserGroupsControl } from "@/components/users/user-groups-control";
import { UserIdentitiesControl } from "@/components/users/user-identities-control";
import { UserRowControls } from "@/components/users/user-row-controls";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { pageUser } from "@/lib/auth/page-guard";
import { env, oidcEnabled } from "@/lib/env";
import { refusedIdentities } from "@/lib/sso/service";
import { listUsers } from "@/lib/users/service";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await pageUser("users:manage");
  const e = env();
  const users = await listUsers();
  const sso = oidcEnabled(e) || users.some((u) => u.ssoIdentities.length);
  const refused = sso ? await refusedIdentities(users.map((u) => u.id)) : new Map();
  const roleFromIdp = oidcEnabled(e) && e.OIDC_ROLE_MAP !== null;
  return (
    <>
      <PageHeader
        title="Users"
        description={`Who can sign in, with which role and in which approver groups. Changes take effect on the next request.${roleFromIdp ? " Single sign-on sets roles from the provider's groups at each sign-in, unless the role is pinned." : ""}`}
        actions={<CreateUserButton ssoName={oidcEnabled(e) ? e.OIDC_NAME : undefined} />}
      />
      <Table>
        <THead>
          <TR>
            <TH>E-mail</TH>
            <TH>Name</TH>
            <TH>Role</TH>
            <TH>Status</TH>
            <TH>Groups</TH>
            {sso ? <TH>Single sign-on</TH> : null}
            <TH>Last sign-in</TH>
            <TH>Created</TH>
          </TR>
        </THead>
        <TBody>
          {users.map((u) => (
            <TR key={u.id} data-testid={`user-row-${u.email}`}>
              <TD className="font-medium">
                {u.email}
                {u.id === user.id ? <span className="ml-1 text-xs text-zinc-400">(you)</span> : null}
              </TD>
              <TD>{u.name ?? "—"}</TD>
              <TD colSpan={2}>
                <div className="flex items-center gap-3">
                  <UserRowControls
                    userId={u.id}
                    role={u.role}
                    disabled={u.disabled}
                    isSelf={u.id === user.id}
                    roleFromIdp={roleFromIdp}
                    rolePinned={u.rolePinned}
                  />
                  {u.disabled ? <Badge tone="neutral">disabled</Badge> : <Badge tone="green">active</Badge>}
                </div>
              </TD>
              <TD>
                <UserGroupsControl userId={u.id} email={u.email} groups={u.groups} />
              </TD>
              {sso ? (
                <TD>
                  <UserIdentitiesControl
                    userId={u.id}
                    email={u.email}
                    identities={u.ssoIdentities}
                    refused={refused.get(u.id) ?? []}
                    defaultIssuer={e.OIDC_ISSUER ?? null}
                  />
                </TD>
              ) : null}
              <TD>
                <Time value={u.lastSignInAt} empty="never" />
              </TD>
              <TD>
                <Time value={u.createdAt} />
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </>
  );
}
