import type { Metadata } from "next";
import { Suspense } from "react";
import { Dashboard } from "@/components/dashboard/dashboard";
import { PageHeader } from "@/components/ui/page-header";
import { pageUser } from "@/lib/auth/page-guard";
import { filterOptions } from "@/lib/dashboard/service";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  await pageUser("console:read");
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
