"use client";

import type { z } from "zod";
import type { CheckResponseSchema } from "@/lib/contracts/policies";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";

// Under the editor: every error of the whole set at its file:line:col (click to open the
// file), and the policies' own tests, expected against actual, with the explanation.

export type CheckResult = z.infer<typeof CheckResponseSchema>;

export function ProblemsList({ check, onOpen }: { check: CheckResult | undefined; onOpen: (file: string) => void }) {
  if (!check) return <p className="text-xs text-zinc-500">Checking…</p>;
  if (!check.errors.length)
    return (
      <p data-testid="policy-problems" className="text-xs text-emerald-700">
        No errors in the set{check.checksum ? ` (checksum ${check.checksum.slice(0, 12)})` : ""}.
      </p>
    );
  return (
    <ul data-testid="policy-problems" className="space-y-1 font-mono text-xs text-red-700">
      {check.errors.map((e, i) => (
        <li key={i}>
          <button type="button" className="text-left hover:underline" onClick={() => onOpen(e.file)}>
            {e.file}:{e.line}:{e.column}: {e.path ? `${e.path}: ` : ""}
            {e.message}
          </button>
        </li>
      ))}
    </ul>
  );
}

const show = (effect: string, rule: string | null | undefined) => `${effect}${rule === undefined ? "" : ` (rule ${rule ?? "none"})`}`;

export function TestPanel({ check }: { check: CheckResult | undefined }) {
  if (!check) return null;
  if (check.errors.length) return <p className="text-xs text-zinc-500">Tests run once the set has no errors.</p>;
  const failed = check.tests.filter((t) => !t.passed).length;
  return (
    <div data-testid="test-panel" className="space-y-2">
      <p className="text-xs text-zinc-600">
        {check.tests.length - failed} passed, {failed} failed{failed ? " — a set whose tests fail cannot be published" : ""}
      </p>
      <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200 text-xs">
        {check.tests.map((t) => (
          <li
            key={`${t.policy}/${t.name}`}
            data-testid="policy-test"
            data-passed={t.passed}
            className={cn("px-3 py-1.5", !t.passed && "bg-red-50")}
          >
            <div className="flex items-center gap-2">
              <Badge tone={t.passed ? "green" : "red"}>{t.passed ? "pass" : "fail"}</Badge>
              <span className="font-medium">{t.name}</span>
              <span className="text-zinc-400">{t.policy}</span>
            </div>
            {!t.passed ? (
              <div className="mt-1 space-y-0.5 pl-12 text-zinc-700">
                <p>
                  expected <b>{show(t.expected.effect, t.expected.rule)}</b>, got <b>{show(t.actual.effect, t.actual.rule)}</b>
                </p>
                {t.reasons.map((r, i) => (
                  <p key={i} className="text-zinc-500">
                    {r}
                  </p>
                ))}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
