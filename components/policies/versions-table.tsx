"use client";

import { Fragment, useState } from "react";
import type { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import type { VersionSummarySchema } from "@/lib/contracts/policies";
import { RollbackDialog } from "./rollback-dialog";
import { CompareVersions, VersionDiff } from "./version-compare";

// Every published version: who, when, how (direct, reviewed, emergency, rolled back), its
// checksum, the diff against the one before, and "Roll back to this version".

type Version = z.infer<typeof VersionSummarySchema>;

function How({ v }: { v: Version }) {
  return (
    <span className="flex flex-wrap gap-1">
      {v.publishedVia === "reviewed" ? <Badge tone="blue">reviewed by {v.reviewedBy}</Badge> : null}
      {v.publishedVia === "emergency" ? (
        <Badge tone="red" title={v.emergencyReason ?? ""}>
          emergency: {v.emergencyReason}
        </Badge>
      ) : null}
      {v.publishedVia === "direct" ? <Badge>direct</Badge> : null}
      {v.rolledBackFrom ? <Badge tone="amber">rolled back from {v.rolledBackFrom}</Badge> : null}
    </span>
  );
}

export function VersionsTable({
  versions,
  canWrite,
  emergencyAllowed,
}: {
  versions: Version[];
  canWrite: boolean;
  emergencyAllowed: boolean;
}) {
  const [open, setOpen] = useState<number>();
  const [rollback, setRollback] = useState<number>();
  return (
    <>
      <CompareVersions versions={versions} />
      <Table data-testid="policy-versions">
        <THead>
          <TR>
            <TH>Version</TH>
            <TH>Published</TH>
            <TH>By</TH>
            <TH>Message</TH>
            <TH>How</TH>
            <TH>Checksum</TH>
            <TH />
          </TR>
        </THead>
        <TBody>
          {versions.map((v, i) => (
            <Fragment key={v.version}>
              <TR data-testid="policy-version" data-version={v.version}>
                <TD>
                  {v.version} {i === 0 ? <Badge tone="green">active</Badge> : null}
                </TD>
                <TD>
                  <Time value={v.createdAt} />
                </TD>
                <TD>{v.author ?? "system"}</TD>
                <TD>{v.message}</TD>
                <TD>
                  <How v={v} />
                </TD>
                <TD className="font-mono text-xs">{v.checksum.slice(0, 12)}</TD>
                <TD className="space-x-1 text-right whitespace-nowrap">
                  {v.version > 1 ? (
                    <Button size="sm" variant="ghost" onClick={() => setOpen(open === v.version ? undefined : v.version)}>
                      {open === v.version ? "Hide diff" : "Diff with previous"}
                    </Button>
                  ) : null}
                  {canWrite && i > 0 ? (
                    <Button size="sm" variant="secondary" onClick={() => setRollback(v.version)}>
                      Roll back to this version
                    </Button>
                  ) : null}
                </TD>
              </TR>
              {open === v.version ? (
                <tr>
                  <td colSpan={7} className="bg-white px-3 py-3">
                    <VersionDiff from={v.version - 1} to={v.version} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </TBody>
      </Table>
      {rollback ? <RollbackDialog version={rollback} emergencyAllowed={emergencyAllowed} onClose={() => setRollback(undefined)} /> : null}
    </>
  );
}
