import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { Inbox } from "@/components/approvals/inbox";
import { PageHeader } from "@/components/ui/page-header";
import { pageUser } from "@/lib/auth/page-guard";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Inbox" };

/** The inbox with one approval request open (links from notifications and the action page land here). */
export default async function InboxRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await pageUser("console:read");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  return (
    <>
      <PageHeader title="Inbox" description="Requests you may decide now, the most urgent first. Times are in your time zone." />
      <Inbox
        tab="pending"
        openId={id}
        canDecide={can(user.role, "approvals:decide")}
        canRemember={can(user.role, "approvals:remember")}
        role={ROLE_LABELS[user.role]}
      />
    </>
  );
}
