import type { Metadata } from "next";
import { NotBuiltYet } from "@/components/ui/not-built";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Actions" };

export default function Page() {
  return (
    <>
      <PageHeader title="Actions" />
      <NotBuiltYet
        feature="Actions"
        description="Every action agents submitted, with filters by agent, type, status and time, and each one's full context, decision and reasons."
      />
    </>
  );
}
