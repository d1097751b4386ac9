import { eventContent } from "@/lib/audit/leaf";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { JsonView } from "@/components/ui/json-view";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { openCheckpoint } from "@/lib/audit/checkpoint";
import { leafHash, verifyInclusion } from "@/lib/audit/merkle";
import { auditPublicKey, proveInclusion } from "@/lib/audit/service";
import { getAuditEntry } from "@/lib/audit/store";
import { pageUser } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Audit entry" };

const SUBJECT_LINKS: Record<string, (id: string) => string> = { action: (id) => `/actions/${id}`, agent: (id) => `/agents/${id}` };

/** Checks, here and now, that the entry is in the signed tree: its hash and inclusion proof against the latest checkpoint. */
async function proofStatus(leafIndex: bigint | null, canonical: string) {
  if (leafIndex === null)
    return { tone: "amber" as const, text: "Not yet in the Merkle tree (the sequencer integrates new entries within a second)." };
  const result = await proveInclusion(Number(leafIndex));
  if (!result?.proof) return { tone: "amber" as const, text: "Not yet covered by a signed checkpoint." };
  const { verifierKeys } = await auditPublicKey();
  try {
    const cp = openCheckpoint(result.checkpoint.note, verifierKeys);
    const proof = result.proof.map((h) => Buffer.from(h, "hex"));
    const ok = verifyInclusion(Number(leafIndex), Number(cp.treeSize), leafHash(canonical), proof, cp.rootHash);
    return ok
      ? {
          tone: "green" as const,
          text: `Included at leaf ${leafIndex} of the signed checkpoint of size ${cp.treeSize} (inclusion proof of ${proof.length} hashes verified).`,
        }
      : {
          tone: "red" as const,
          text: "The inclusion proof does NOT verify against the signed checkpoint: the entry or the tree was altered.",
        };
  } catch (error) {
    return { tone: "red" as const, text: `The checkpoint does not verify: ${(error as Error).message}` };
  }
}

export default async function AuditEntryPage({ params }: { params: Promise<{ id: string }> }) {
  await pageUser("console:read");
  const id = z
    .string()
    .regex(/^\d{1,18}$/)
    .transform(BigInt)
    .safeParse((await params).id);
  const entry = id.success ? await getAuditEntry(id.data) : undefined;
  if (!entry) notFound();
  const status = await proofStatus(entry.leafIndex, entry.canonical);
  const subjectHref = entry.subjectType && entry.subjectId ? SUBJECT_LINKS[entry.subjectType]?.(entry.subjectId) : undefined;
  const tag = status.tone === "green" ? "verified" : status.tone === "red" ? "failed" : "pending";
  return (
    <>
      <p className="mb-2 text-xs">
        <Link href="/audit" className="text-zinc-500 hover:underline">
          ← Audit trail
        </Link>
      </p>
      <PageHeader
        title={
          <span className="font-mono">
            {entry.leafIndex === null ? "pending" : `seq ${entry.leafIndex}`} · {entry.eventType}
          </span>
        }
        description={
          <>
            by {entry.actorLabel} (<Time value={entry.createdAt} />)
          </>
        }
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader title="Integrity" />
          <CardBody className="space-y-2 text-sm">
            <p data-testid="proof-status">
              <Badge tone={status.tone} className="mr-2">
                {tag}
              </Badge>
              {status.text}
            </p>
            <dl className="grid grid-cols-[8rem_1fr] gap-y-1">
              <dt className="text-zinc-500">Payload SHA-256</dt>
              <dd className="break-all font-mono text-xs">{entry.payloadHash}</dd>
              <dt className="text-zinc-500">Leaf hash</dt>
              <dd className="break-all font-mono text-xs">{entry.leafHash ?? "—"}</dd>
              <dt className="text-zinc-500">Subject</dt>
              <dd>
                {subjectHref ? (
                  <Link className="underline" href={subjectHref}>
                    {entry.subjectType} {entry.subjectId}
                  </Link>
                ) : entry.subjectId ? (
                  `${entry.subjectType} ${entry.subjectId}`
                ) : (
                  "—"
                )}
              </dd>
              <dt className="text-zinc-500">Agent</dt>
              <dd>{entry.agentName ?? "—"}</dd>
              <dt className="text-zinc-500">Decision</dt>
              <dd>{entry.decision ?? "—"}</dd>
            </dl>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Content" />
          <CardBody>
            <JsonView value={eventContent(entry)} testId="audit-content" />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
