"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { engageAction } from "@/app/(console)/kill-switch/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Notice } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";

type Scope = "global" | "agent" | "action_type";

export function EngageForm({ agents }: { agents: { id: string; name: string }[] }) {
  const router = useRouter();
  const [scope, setScope] = useState<Scope>("agent");
  const [done, setDone] = useState<string>();
  const { run, pending, error, fieldErrors } = useServerAction(engageAction);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const target =
      scope === "global"
        ? { scope }
        : scope === "agent"
          ? { scope, agentId: String(form.get("agentId") ?? "") }
          : { scope, actionType: String(form.get("actionType") ?? "") };
    run(
      {
        target,
        reason: String(form.get("reason") ?? ""),
        autoReject: form.get("autoReject") === "on",
        confirmation: String(form.get("confirmation") ?? "") as "HALT",
      },
      (data) => {
        setDone(`Engaged for ${data.label}.${data.rejected ? ` ${data.rejected} pending action(s) rejected.` : ""}`);
        formEl.reset();
        router.refresh();
      },
    );
  }

  const targetError = fieldErrors["target.agentId"] ?? fieldErrors["target.actionType"] ?? fieldErrors.target;
  return (
    <form onSubmit={onSubmit} className="grid max-w-xl gap-4" noValidate>
      {error ? (
        <Notice tone="error" data-testid="form-error">
          {error}
        </Notice>
      ) : null}
      {done ? (
        <Notice tone="success" data-testid="form-success">
          {done}
        </Notice>
      ) : null}
      <Field label="Halt" htmlFor="ks-scope">
        <Select id="ks-scope" value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
          <option value="agent">One agent</option>
          <option value="action_type">One action type</option>
          <option value="global">The whole fleet</option>
        </Select>
      </Field>
      {scope === "agent" ? (
        <Field label="Agent" htmlFor="ks-agent" error={targetError}>
          <Select id="ks-agent" name="agentId" defaultValue="">
            <option value="" disabled>
              Choose an agent…
            </option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      {scope === "action_type" ? (
        <Field label="Action type" htmlFor="ks-type" error={targetError} hint="Exact (refund.issue) or a glob (refund.*).">
          <Input id="ks-type" name="actionType" placeholder="refund.issue" />
        </Field>
      ) : null}
      <Field label="Reason" htmlFor="ks-reason" error={fieldErrors.reason} hint="Agents receive it with their 423.">
        <Textarea id="ks-reason" name="reason" rows={2} placeholder="Incident 42: refunds misfiring" />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="autoReject" /> Also reject everything pending in this scope
      </label>
      <Field label="Type HALT to confirm" htmlFor="ks-confirm" error={fieldErrors.confirmation}>
        <Input id="ks-confirm" name="confirmation" autoComplete="off" />
      </Field>
      <div>
        <Button type="submit" variant="danger" disabled={pending}>
          {pending ? "Engaging…" : "Engage kill switch"}
        </Button>
      </div>
    </form>
  );
}
