import type { Metadata } from "next";
import { NotBuiltYet } from "@/components/ui/not-built";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Audit trail" };

export default function Page() {
  return (
    <>
      <PageHeader title="Audit trail" />
      <NotBuiltYet
        feature="Audit trail"
        description="Search, verify and export the tamper-evident audit trail (Merkle tree, signed checkpoints, proofs)."
      />
    </>
  );
}
