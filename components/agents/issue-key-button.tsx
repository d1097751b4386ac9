"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { issueKeyAction } from "@/app/(console)/agents/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Notice } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { API_KEY_SCOPES, DEFAULT_SCOPES } from "@/lib/auth/api-key-scopes";

export function IssueKeyButton({ agentId }: { agentId: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [issued, setIssued] = useState<{ key: string; prefix: string }>();
  const { run, pending, error, fieldErrors, reset } = useServerAction(issueKeyAction);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const days = String(form.get("expiresInDays") ?? "").trim();
    run(
      {
        agentId,
        name: String(form.get("name") ?? ""),
        scopes: form.getAll("scopes").map(String) as (typeof API_KEY_SCOPES)[number][],
        expiresInDays: days ? Number(days) : undefined,
      },
      (data) => setIssued(data),
    );
  }

  function close() {
    setOpen(false);
    setIssued(undefined); // the key is gone for good once the dialog closes
    router.refresh();
  }

  return (
    <>
      <Button
        onClick={() => {
          reset();
          setOpen(true);
        }}
      >
        Issue API key
      </Button>
      <Dialog open={open} onClose={close} title={issued ? "Copy your API key now" : "Issue an API key"}>
        {issued ? (
          <div className="space-y-4">
            <Notice tone="warning">This is the only time the key is shown. Gatehouse stores only its hash.</Notice>
            <div className="flex items-center gap-2">
              <code
                data-testid="new-api-key"
                className="flex-1 break-all rounded border border-zinc-200 bg-zinc-50 px-2 py-1.5 font-mono text-xs"
              >
                {issued.key}
              </code>
              <CopyButton text={issued.key} />
            </div>
            <p className="text-xs text-zinc-500">
              Agents send it as <code className="font-mono">Authorization: Bearer {issued.prefix}_…</code>
            </p>
            <div className="flex justify-end">
              <Button onClick={close}>Done</Button>
            </div>
          </div>
        ) : (
          <form onSubmit={onSubmit} className="space-y-4" noValidate>
            {error ? (
              <Notice tone="error" data-testid="form-error">
                {error}
              </Notice>
            ) : null}
            <Field label="Key name" htmlFor="key-name" error={fieldErrors.name} hint="Where it is used, e.g. production.">
              <Input id="key-name" name="name" defaultValue="default" required />
            </Field>
            <fieldset className="space-y-1">
              <legend className="text-sm font-medium">Scopes</legend>
              {API_KEY_SCOPES.map((scope) => (
                <label key={scope} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="scopes" value={scope} defaultChecked={DEFAULT_SCOPES.includes(scope)} />
                  <code className="font-mono text-xs">{scope}</code>
                </label>
              ))}
              {fieldErrors.scopes ? (
                <p className="text-xs text-red-600" data-testid="field-error">
                  {fieldErrors.scopes.join(" ")}
                </p>
              ) : null}
            </fieldset>
            <Field label="Expires after (days, optional)" htmlFor="key-expiry" error={fieldErrors.expiresInDays}>
              <Input id="key-expiry" name="expiresInDays" type="number" min={1} max={3650} />
            </Field>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" disabled={pending}>
                {pending ? "Issuing…" : "Issue key"}
              </Button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}
