import type { ReactNode } from "react";
import { NavLink } from "./nav-link";

type NavItem = { href: string; label: string };

const MAIN_LINKS: NavItem[] = [
  { href: "/inbox", label: "Inbox" },
  { href: "/actions", label: "Actions" },
  { href: "/audit", label: "Audit" },
  { href: "/policies", label: "Policies" },
  { href: "/agents", label: "Agents" },
  { href: "/kill-switch", label: "Kill switch" },
  { href: "/dashboard", label: "Dashboard" },
  { href: "/docs", label: "API docs" },
];

const ADMIN_LINKS: NavItem[] = [{ href: "/users", label: "Users" }];

export type AppShellProps = {
  user: { email: string; role: string };
  /** Hrefs the user may see; when given, only those links are shown. */
  visibleLinks?: string[];
  signOut: ReactNode;
  children: ReactNode;
};

function ShieldLogo() {
  return (
    <svg viewBox="0 0 24 24" className="size-5 text-zinc-900" fill="none" aria-hidden="true">
      <path d="M12 2.5 4 5.5v6c0 4.9 3.4 8.8 8 10 4.6-1.2 8-5.1 8-10v-6l-8-3Z" fill="currentColor" />
      <path d="m8.5 12 2.5 2.5 4.5-5" stroke="white" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function AppShell({ user, visibleLinks, signOut, children }: AppShellProps) {
  const allowed = (item: NavItem) => !visibleLinks || visibleLinks.includes(item.href);
  const main = MAIN_LINKS.filter(allowed);
  const admin = ADMIN_LINKS.filter(allowed);

  return (
    <div className="flex h-screen overflow-hidden">
      <aside className="flex w-56 shrink-0 flex-col border-r border-zinc-200 bg-white">
        <div className="flex h-14 items-center gap-2 border-b border-zinc-200 px-4">
          <ShieldLogo />
          <span className="text-sm font-semibold tracking-tight">Gatehouse</span>
        </div>
        <nav aria-label="Main" className="flex-1 overflow-y-auto px-2 py-3">
          <ul className="space-y-0.5">
            {main.map((item) => (
              <li key={item.href}>
                <NavLink href={item.href}>{item.label}</NavLink>
              </li>
            ))}
          </ul>
          {admin.length > 0 ? (
            <div className="mt-5">
              <p className="px-2.5 pb-1 text-xs font-medium text-zinc-400">Admin</p>
              <ul className="space-y-0.5">
                {admin.map((item) => (
                  <li key={item.href}>
                    <NavLink href={item.href}>{item.label}</NavLink>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </nav>
        <div className="border-t border-zinc-200 px-4 py-3" data-testid="signed-in-as">
          <p className="truncate text-sm font-medium text-zinc-900" title={user.email}>
            {user.email}
          </p>
          <p className="text-xs text-zinc-500">{user.role}</p>
          <div className="mt-2">{signOut}</div>
        </div>
      </aside>
      <main className="min-w-0 flex-1 overflow-y-auto p-6">{children}</main>
    </div>
  );
}
