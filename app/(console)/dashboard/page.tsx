import type { Metadata } from "next";
import { NotBuiltYet } from "@/components/ui/not-built";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Dashboard" };

export default function Page() {
  return (
    <>
      <PageHeader title="Dashboard" />
      <NotBuiltYet
        feature="Dashboard"
        description="Action volume, decision mix, approval wait times, violation rate, cost and error rate over a chosen time range."
      />
    </>
  );
}
