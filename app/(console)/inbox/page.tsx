import type { Metadata } from "next";
import { NotBuiltYet } from "@/components/ui/not-built";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Inbox" };

export default function Page() {
  return (
    <>
      <PageHeader title="Inbox" />
      <NotBuiltYet
        feature="Inbox"
        description="The approval inbox: pending actions you may decide, live, with the policy's explanation, approve/reject with a comment and keyboard shortcuts."
      />
    </>
  );
}
