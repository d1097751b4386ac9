"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { releaseAction } from "@/app/(console)/kill-switch/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Notice } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";

export function ReleaseButton({ id, label }: { id: string; label: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { run, pending, error, fieldErrors, reset } = useServerAction(releaseAction);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    run({ id, reason: String(form.get("reason") ?? ""), confirmation: String(form.get("confirmation") ?? "") as "RELEASE" }, () => {
      setOpen(false);
      router.refresh();
    });
  }

  return (
    <>
      <Button
        size="sm"
        variant="secondary"
        onClick={() => {
          reset();
          setOpen(true);
        }}
      >
        Release
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Release the kill switch for ${label}?`}
        description="Agents in its scope can act again from the next request."
      >
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          {error ? (
            <Notice tone="error" data-testid="form-error">
              {error}
            </Notice>
          ) : null}
          <Field label="Reason" htmlFor={`release-reason-${id}`} error={fieldErrors.reason}>
            <Textarea id={`release-reason-${id}`} name="reason" rows={2} />
          </Field>
          <Field label="Type RELEASE to confirm" htmlFor={`release-confirm-${id}`} error={fieldErrors.confirmation}>
            <Input id={`release-confirm-${id}`} name="confirmation" autoComplete="off" />
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Releasing…" : "Release"}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
