"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { DraftSchema } from "@/lib/contracts/policy-studio";
import { summarizeChanges } from "@/lib/policy/change-summary";
import { diffFiles } from "@/lib/policy/file-diff";
import type { PolicyFile } from "@/lib/policy/types";
import { ProblemsList, TestPanel, type CheckResult } from "./check-results";
import { DiffView } from "./diff-view";
import { FileTabs } from "./file-tabs";
import { PublishPanel } from "./publish-panel";
import { ReplayPanel } from "./replay-panel";
import { ShadowPanel } from "./shadow-panel";
import { useAutosave } from "./use-autosave";
import { useDebounced } from "./use-debounced";
import { YamlEditor } from "./yaml-editor";

// The policy studio: the active set (read-only) or a draft in the editor, validated as
// you type by the server's compiler (the one policies:check uses), its tests run with
// every check; below, the draft's changes, a replay against history, shadow mode and
// publishing. Only the draft's author edits it; everyone else reads.

export type Draft = z.infer<typeof DraftSchema>;
type Tab = "changes" | "replay" | "shadow" | "publish";

async function checkFiles(files: PolicyFile[]): Promise<CheckResult> {
  const res = await fetch("/api/policies/check", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ files }),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(body?.error?.message ?? `The server answered ${res.status}`);
  return body as CheckResult;
}

export function PolicyStudio({
  active,
  draft,
  canWrite,
  canConfigure,
  reviewRequired,
  schema,
}: {
  active: { version: number; files: PolicyFile[] };
  draft: Draft | null;
  canWrite: boolean;
  canConfigure: boolean;
  reviewRequired: boolean;
  schema: { keys: string[]; effects: string[] };
}) {
  const editable = canWrite && Boolean(draft?.mine);
  const [files, setFiles] = useState<PolicyFile[]>(draft?.files ?? active.files);
  const [base, setBase] = useState(draft?.baseVersion ?? active.version);
  const [current, setCurrent] = useState(files.find((f) => f.path.endsWith("customer-support.yaml"))?.path ?? files[0]?.path);
  const [tab, setTab] = useState<Tab>("changes");
  const autosave = useAutosave(draft ?? undefined, files, editable);
  const checked = useDebounced(files, 250);
  const check = useQuery({
    queryKey: ["policies", "check", checked],
    queryFn: () => checkFiles(checked),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
  const file = files.find((f) => f.path === current);
  const problems = (check.data?.errors ?? []).filter((e) => e.file === current);

  // The draft against the active version, as typed (the same pure diff the server uses).
  const diff = useMemo(
    () => ({
      from: `version ${active.version} (active)`,
      to: "this draft",
      changes: summarizeChanges(active.files, files).map((c) => c.text),
      files: diffFiles(active.files, files).filter((f) => f.status !== "unchanged"),
    }),
    [active, files],
  );
  const edit = (content: string) => setFiles((all) => all.map((f) => (f.path === current ? { ...f, content } : f)));
  const tabs: Tab[] = draft
    ? canWrite
      ? ["changes", "replay", "shadow", ...(editable ? (["publish"] as const) : [])]
      : ["changes", "shadow"]
    : ["shadow"];

  return (
    <Card data-testid="policy-studio">
      <CardHeader
        title={draft ? `Draft: ${draft.title}` : `Active policy set — version ${active.version}`}
        description={
          draft
            ? `By ${draft.author}, based on version ${base}${base !== active.version ? ` — version ${active.version} is active now` : ""}${editable ? "" : " (read-only: only its author edits it)"}`
            : canWrite
              ? "Read-only. Start a draft to change it."
              : "Read-only."
        }
        actions={
          editable ? (
            <Badge tone={autosave.state === "error" ? "red" : autosave.state === "saved" ? "green" : "neutral"} data-testid="save-state">
              {autosave.state === "saved"
                ? "Saved"
                : autosave.state === "saving"
                  ? "Saving…"
                  : autosave.state === "unsaved"
                    ? "Unsaved"
                    : "Not saved"}
            </Badge>
          ) : null
        }
      />
      <CardBody className="space-y-3">
        {autosave.error ? <p className="text-sm text-red-700">{autosave.error}</p> : null}
        <FileTabs
          files={files}
          current={current}
          editable={editable}
          onSelect={setCurrent}
          onChange={(next, select) => {
            setFiles(next);
            if (select) setCurrent(select);
          }}
        />
        {file ? (
          <YamlEditor key={current} value={file.content} onChange={edit} readOnly={!editable} problems={problems} schema={schema} />
        ) : null}
        <ProblemsList check={check.data} onOpen={setCurrent} />
        <TestPanel check={check.data} />
      </CardBody>
      <div className="border-t border-zinc-200">
        <div role="tablist" aria-label="Studio" className="flex gap-1 px-4 pt-2">
          {tabs.map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={tab === t || (tabs.length === 1 && t === tabs[0])}
              onClick={() => setTab(t)}
              className={cn(
                "border-b-2 px-3 py-1.5 text-sm capitalize",
                tab === t || tabs.length === 1 ? "border-zinc-900 font-medium" : "border-transparent text-zinc-500",
              )}
            >
              {t}
            </button>
          ))}
        </div>
        <div className="px-4 py-4">
          {draft && tab === "changes" ? <DiffView diff={diff} /> : null}
          {draft && tab === "replay" ? <ReplayPanel files={files} /> : null}
          {tab === "shadow" || tabs.length === 1 ? (
            <ShadowPanel draftId={draft?.id} canWrite={canWrite} beforeStart={autosave.flush} />
          ) : null}
          {draft && tab === "publish" && editable ? (
            <PublishPanel
              draftId={draft.id}
              files={files}
              reviewRequired={reviewRequired}
              canSkipReview={canConfigure}
              beforePublish={autosave.flush}
              onRebased={(next) => {
                autosave.reset(next);
                setFiles(next.files);
                setBase(next.baseVersion);
              }}
            />
          ) : null}
        </div>
      </div>
    </Card>
  );
}
