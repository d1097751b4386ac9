import type { Metadata } from "next";
import { Inbox } from "@/components/approvals/inbox";
import { PolicyChangeInbox } from "@/components/policies/change-inbox";
import { PageHeader } from "@/components/ui/page-header";
import { pageUser } from "@/lib/auth/page-guard";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const user = await pageUser("console:read");
  const { tab } = await searchParams;
  return (
    <>
      <PageHeader title="Inbox" description="Requests you may decide now, the most urgent first. Times are in your time zone." />
      {can(user.role, "policies:write") ? (
        <div className="mb-4">
          <PolicyChangeInbox />
        </div>
      ) : null}
      <Inbox
        tab={tab === "history" ? "history" : "pending"}
        canDecide={can(user.role, "approvals:decide")}
        canRemember={can(user.role, "approvals:remember")}
        role={ROLE_LABELS[user.role]}
      />
    </>
  );
}
