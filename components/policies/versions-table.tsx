"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Fragment, useState } from "react";
import type { z } from "zod";
import { getJson } from "@/components/approvals/queries";
import { useServerAction } from "@/components/forms/use-server-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import type { VersionSummarySchema } from "@/lib/contracts/policies";
import { rollbackAction } from "@/app/(console)/policies/actions";
import { DiffView, type PolicyDiff } from "./diff-view";

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

function VersionDiff({ from, to }: { from: number; to: number }) {
  const { data, error } = useQuery({
    queryKey: ["policies", "diff", from, to],
    queryFn: () => getJson<PolicyDiff>(`/api/policies/diff?from=${from}&to=${to}`),
  });
  if (error) return <p className="text-red-700">{(error as Error).message}</p>;
  return data ? <DiffView diff={data} /> : <p className="text-xs text-zinc-500">Loading the diff…</p>;
}

function RollbackDialog({ version, onClose, emergencyAllowed }: { version: number; onClose: () => void; emergencyAllowed: boolean }) {
  const [message, setMessage] = useState(`Roll back to version ${version}`);
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string>();
  const action = useServerAction(rollbackAction);
  const router = useRouter();
  const submit = () =>
    action.run({ version, message, ...(reason.trim() ? { emergencyReason: reason } : {}) }, (o) => {
      setDone(
        o.outcome === "published"
          ? `Published as version ${o.version}.`
          : "Change request opened: another policy admin or admin approves it in their inbox.",
      );
      router.refresh();
    });
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Roll back to version ${version}?`}
      description="Its files are published again as a new version; nothing is deleted."
      footer={
        done ? (
          <Button onClick={onClose}>Done</Button>
        ) : (
          <>
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button disabled={action.pending} onClick={submit}>
              Roll back
            </Button>
          </>
        )
      }
    >
      {done ? (
        <p data-testid="rollback-outcome">{done}</p>
      ) : (
        <div className="space-y-3">
          <Field label="Message" htmlFor="rollback-message" error={action.fieldErrors.message}>
            <Input id="rollback-message" value={message} onChange={(e) => setMessage(e.target.value)} />
          </Field>
          {emergencyAllowed ? (
            <Field label="Emergency reason (optional: skips review)" htmlFor="rollback-reason" error={action.fieldErrors.emergencyReason}>
              <Textarea id="rollback-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
            </Field>
          ) : null}
          {action.error ? <p className="text-red-700">{action.error}</p> : null}
        </div>
      )}
    </Dialog>
  );
}

/** Any version against any other. */
function CompareVersions({ versions }: { versions: Version[] }) {
  const [from, setFrom] = useState(versions[1]?.version ?? versions[0]?.version);
  const [to, setTo] = useState(versions[0]?.version);
  const [shown, setShown] = useState<[number, number]>();
  if (versions.length < 2 || from === undefined || to === undefined) return null;
  const pick = (value: number, set: (v: number) => void, label: string) => (
    <Select aria-label={label} className="w-32" value={value} onChange={(e) => set(Number(e.target.value))}>
      {versions.map((v) => (
        <option key={v.version} value={v.version}>
          version {v.version}
        </option>
      ))}
    </Select>
  );
  return (
    <div className="space-y-3 border-b border-zinc-200 px-4 py-3">
      <div className="flex items-center gap-2 text-sm">
        Compare {pick(from, setFrom, "From version")} with {pick(to, setTo, "To version")}
        <Button size="sm" variant="secondary" onClick={() => setShown([from, to])}>
          Compare
        </Button>
      </div>
      {shown ? <VersionDiff from={shown[0]} to={shown[1]} /> : null}
    </div>
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
