import type { Metadata } from "next";
import { Suspense } from "react";
import { Dashboard } from "@/components/dashboard/dashboard";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { pageUser } from "@/lib/auth/page-guard";
import { filterOptions } from "@/lib/dashboard/service";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await pageUser("console:read");
  if (!user) return <Forbidden what="the dashboard" />;
  const { agents, policies } = await filterOptions();
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="The success metrics against their targets, and what agents did over the range. Every figure opens the list of exactly the actions it counted."
      />
      <Suspense>
        <Dashboard agents={agents} policies={policies} />
      </Suspense>
    </>
  );
}
