"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { revokeStandingApprovalAction } from "@/app/(console)/policies/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Notice } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

/** Revoke with a confirmation: from the next request on, the covered actions wait for an approver again. */
export function RevokeStandingButton({ id, label }: { id: string; label: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { run, pending, error, reset } = useServerAction(revokeStandingApprovalAction);
  return (
    <>
      <Button
        variant="danger"
        size="sm"
        onClick={() => {
          reset();
          setOpen(true);
        }}
      >
        Revoke
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Revoke this standing approval?"
        description={`${label}. From the next request on, these actions wait for an approver again. This cannot be undone.`}
        footer={
          <>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              disabled={pending}
              onClick={() =>
                run({ id }, () => {
                  setOpen(false);
                  router.refresh();
                })
              }
            >
              {pending ? "Revoking…" : "Revoke standing approval"}
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
