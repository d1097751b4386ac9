import type { Metadata } from "next";
import { NotBuiltYet } from "@/components/ui/not-built";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Policies" };

export default function Page() {
  return (
    <>
      <PageHeader title="Policies" />
      <NotBuiltYet
        feature="Policies"
        description="Edit YAML policies with live validation, test cases, dry-run against history, versions, diff and rollback."
      />
    </>
  );
}
