import type { Metadata } from "next";
import { NotBuiltYet } from "@/components/ui/not-built";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Kill switch" };

export default function Page() {
  return (
    <>
      <PageHeader title="Kill switch" />
      <NotBuiltYet
        feature="Kill switch"
        description="Halt one agent, one action type or the whole fleet, with a reason, effective on the next request."
      />
    </>
  );
}
