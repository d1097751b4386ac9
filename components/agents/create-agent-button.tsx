"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { createAgentAction } from "@/app/(console)/agents/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Notice } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";

export function CreateAgentButton() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { run, pending, error, fieldErrors, reset } = useServerAction(createAgentAction);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    run(
      {
        name: String(form.get("name") ?? ""),
        description: String(form.get("description") ?? ""),
        ownerEmail: String(form.get("ownerEmail") ?? ""),
      },
      (agent) => {
        setOpen(false);
        router.push(`/agents/${agent.id}`);
      },
    );
  }

  return (
    <>
      <Button
        onClick={() => {
          reset();
          setOpen(true);
        }}
      >
        Register agent
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Register an agent"
        description="Policies match agents by name, so choose a stable one (e.g. support-bot)."
      >
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          {error ? (
            <Notice tone="error" data-testid="form-error">
              {error}
            </Notice>
          ) : null}
          <Field label="Name" htmlFor="agent-name" error={fieldErrors.name} hint="Lower-case letters, digits, '.', '_' and '-'.">
            <Input id="agent-name" name="name" required autoFocus aria-invalid={Boolean(fieldErrors.name)} />
          </Field>
          <Field label="Description" htmlFor="agent-description" error={fieldErrors.description}>
            <Textarea id="agent-description" name="description" rows={2} />
          </Field>
          <Field
            label="Owner e-mail (optional)"
            htmlFor="agent-owner"
            error={fieldErrors.ownerEmail}
            hint="The person accountable for this agent."
          >
            <Input id="agent-owner" name="ownerEmail" type="email" aria-invalid={Boolean(fieldErrors.ownerEmail)} />
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Registering…" : "Register"}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
