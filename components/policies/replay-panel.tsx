"use client";

import { useRef, useState } from "react";
import { Notice } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { PolicyFile } from "@/lib/policy/types";
import { ReplayReport, type ReplayRun } from "./replay-report";

// Replays the editor's files against recorded history: the route streams JSON lines
// (progress, then the result); closing the connection cancels it.

type Line =
  { type: "progress"; done: number; total: number } | { type: "result"; replay: ReplayRun } | { type: "error"; error: { message: string } };

async function* lines(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
      yield JSON.parse(buffer.slice(0, nl)) as Line;
      buffer = buffer.slice(nl + 1);
    }
  }
}

export function ReplayPanel({ files }: { files: PolicyFile[] }) {
  const [days, setDays] = useState("7");
  const [agent, setAgent] = useState("");
  const [type, setType] = useState("");
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [result, setResult] = useState<ReplayRun>();
  const [error, setError] = useState<string>();
  const running = useRef<AbortController | null>(null);
  const [busy, setBusy] = useState(false);

  async function run() {
    const cancel = new AbortController();
    running.current = cancel;
    setBusy(true);
    setResult(undefined);
    setError(undefined);
    setProgress({ done: 0, total: 0 });
    try {
      const res = await fetch("/api/policies/replay", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ files, days: Number(days), agent: agent.trim() || undefined, type: type.trim() || undefined }),
        signal: cancel.signal,
      });
      if (!res.ok || !res.body)
        throw new Error((await res.json().catch(() => null))?.error?.message ?? `The server answered ${res.status}`);
      for await (const line of lines(res.body)) {
        if (line.type === "progress") setProgress({ done: line.done, total: line.total });
        else if (line.type === "result") setResult(line.replay);
        else setError(line.error.message);
      }
    } catch (e) {
      setError(cancel.signal.aborted ? "Replay cancelled." : (e as Error).message);
    } finally {
      running.current = null;
      setBusy(false);
    }
  }

  const pct = progress && progress.total ? Math.round((100 * progress.done) / progress.total) : 0;
  return (
    <div className="space-y-3" data-testid="replay-panel">
      <div className="grid grid-cols-[6rem_1fr_1fr_auto] items-end gap-2">
        <Field label="Days (≤ 90)" htmlFor="replay-days">
          <Input id="replay-days" type="number" min={1} max={90} value={days} onChange={(e) => setDays(e.target.value)} />
        </Field>
        <Field label="Agent (optional)" htmlFor="replay-agent">
          <Input id="replay-agent" value={agent} onChange={(e) => setAgent(e.target.value)} placeholder="support-bot" />
        </Field>
        <Field label="Action type (optional)" htmlFor="replay-type">
          <Input id="replay-type" value={type} onChange={(e) => setType(e.target.value)} placeholder="refund.*" />
        </Field>
        {busy ? (
          <Button variant="secondary" onClick={() => running.current?.abort()}>
            Cancel
          </Button>
        ) : (
          <Button onClick={() => void run()}>Replay</Button>
        )}
      </div>
      {busy && progress ? (
        <div>
          <div
            role="progressbar"
            aria-valuenow={pct}
            aria-valuemin={0}
            aria-valuemax={100}
            className="h-2 overflow-hidden rounded bg-zinc-100"
          >
            <div className="h-full bg-zinc-800 transition-all" style={{ width: `${pct}%` }} />
          </div>
          <p className="mt-1 text-xs text-zinc-500">
            {progress.done.toLocaleString()} of {progress.total.toLocaleString()} actions replayed
          </p>
        </div>
      ) : null}
      {error ? <Notice tone={error.startsWith("Replay cancelled") ? "info" : "error"}>{error}</Notice> : null}
      {result ? <ReplayReport replay={result} /> : null}
    </div>
  );
}
