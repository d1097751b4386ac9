"use client";

import { useState, type FormEvent } from "react";
import { isoToLocalInput, localInputToIso } from "@/components/audit/local-time";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { DashboardState } from "./use-dashboard-state";

const RANGES = [
  ["1h", "Last hour"],
  ["24h", "24 hours"],
  ["7d", "7 days"],
  ["30d", "30 days"],
  ["custom", "Custom"],
] as const;

/** Time range, then what to count: agent (unless fixed), action type, policy. Every change goes to the URL. */
export function DashboardFilters({
  state,
  update,
  agents,
  policies,
  fixedAgent,
}: {
  state: DashboardState;
  update: (next: DashboardState) => void;
  agents: string[];
  policies: string[];
  fixedAgent?: boolean;
}) {
  const range = state.range ?? "24h";
  const [custom, setCustom] = useState(range === "custom");
  function applyCustom(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    update({
      range: "custom",
      from: localInputToIso(String(form.get("from") ?? "")) ?? "",
      to: localInputToIso(String(form.get("to") ?? "")) ?? "",
    });
  }
  return (
    <div className="mb-4 space-y-2" data-testid="dashboard-filters">
      <div className="flex flex-wrap items-end gap-2">
        <div role="group" aria-label="Time range" className="inline-flex rounded-md border border-zinc-300 bg-white p-0.5 shadow-xs">
          {RANGES.map(([value, label]) => (
            <button
              key={value}
              type="button"
              aria-pressed={range === value || (value === "custom" && custom)}
              className={cn(
                "rounded px-2.5 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-100",
                (range === value || (value === "custom" && custom && range === "custom")) && "bg-zinc-900 text-white hover:bg-zinc-900",
              )}
              onClick={() => (value === "custom" ? setCustom(true) : (setCustom(false), update({ range: value, from: "", to: "" })))}
            >
              {label}
            </button>
          ))}
        </div>
        {fixedAgent ? null : (
          <label className="text-xs text-zinc-500">
            Agent
            <Select aria-label="Agent" value={state.agent ?? ""} onChange={(e) => update({ agent: e.target.value })} className="w-44">
              <option value="">all agents</option>
              {agents.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </Select>
          </label>
        )}
        <label className="text-xs text-zinc-500">
          Action type
          <Input
            aria-label="Action type"
            defaultValue={state.type ?? ""}
            placeholder="refund.* or refund.issue"
            className="w-44"
            onKeyDown={(e) => e.key === "Enter" && update({ type: e.currentTarget.value.trim() })}
            onBlur={(e) => e.currentTarget.value.trim() !== (state.type ?? "") && update({ type: e.currentTarget.value.trim() })}
          />
        </label>
        <label className="text-xs text-zinc-500">
          Policy
          <Select aria-label="Policy" value={state.policy ?? ""} onChange={(e) => update({ policy: e.target.value })} className="w-44">
            <option value="">all policies</option>
            {policies.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </Select>
        </label>
      </div>
      {custom ? (
        <form onSubmit={applyCustom} className="flex flex-wrap items-end gap-2" data-testid="custom-range">
          <label className="text-xs text-zinc-500">
            From (your time)
            <Input type="datetime-local" name="from" required defaultValue={isoToLocalInput(state.from ?? null)} className="w-56" />
          </label>
          <label className="text-xs text-zinc-500">
            To (your time)
            <Input type="datetime-local" name="to" required defaultValue={isoToLocalInput(state.to ?? null)} className="w-56" />
          </label>
          <Button type="submit" variant="secondary">
            Apply
          </Button>
        </form>
      ) : null}
    </div>
  );
}
