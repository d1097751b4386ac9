"use client";

import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import type { ActionResult } from "@/lib/http/authed-action";
import { useServerAction } from "@/components/forms/use-server-action";
import { Notice } from "@/components/ui/alert";
import { Button, type ButtonProps } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

type Props<I, T> = {
  action: (input: I) => Promise<ActionResult<T>>;
  input: I;
  /** The button that opens the confirmation. */
  label: string;
  title: string;
  description: ReactNode;
  /** The confirming button, and its text while the action runs. */
  confirm: string;
  pending: string;
  variant?: ButtonProps["variant"];
  size?: ButtonProps["size"];
};

/** A button that asks before it runs a server action, shows the server's refusal in the dialog, and refreshes the page when done. */
export function ConfirmActionButton<I, T>({
  action,
  input,
  label,
  title,
  description,
  confirm,
  pending: pendingLabel,
  variant = "danger",
  size,
}: Props<I, T>) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { run, pending, error, reset } = useServerAction(action);
  return (
    <>
      <Button
        variant={variant}
        size={size}
        onClick={() => {
          reset();
          setOpen(true);
        }}
      >
        {label}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={title}
        description={description}
        footer={
          <>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              variant={variant}
              disabled={pending}
              onClick={() =>
                run(input, () => {
                  setOpen(false);
                  router.refresh();
                })
              }
            >
              {pending ? pendingLabel : confirm}
            </Button>
          </>
        }
      >
        {error ? (
          <Notice tone="error" data-testid="form-error">
            {error}
          </Notice>
        ) : null}
      </Dialog>
    </>
  );
}
