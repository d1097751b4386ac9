import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { SessionProvider } from "@/components/auth/session-provider";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { AppShell } from "@/components/shell/app-shell";
import { can } from "@/lib/auth/permissions";
import { currentUser } from "@/lib/auth/session";
import { ROLE_LABELS } from "@/lib/auth/permissions";

// Every console page needs a signed-in user; pages check their own permission too.
export const dynamic = "force-dynamic";

const LINKS = ["/inbox", "/actions", "/audit", "/policies", "/agents", "/kill-switch", "/dashboard", "/docs"];

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const visibleLinks = [...LINKS, ...(can(user.role, "users:manage") ? ["/users"] : [])];
  return (
    <SessionProvider>
      <AppShell user={{ email: user.email, role: ROLE_LABELS[user.role] }} visibleLinks={visibleLinks} signOut={<SignOutButton />}>
        {children}
      </AppShell>
    </SessionProvider>
  );
}
