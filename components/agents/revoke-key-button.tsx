"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { revokeKeyAction } from "@/app/(console)/agents/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Notice } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

export function RevokeKeyButton({ keyId, prefix }: { keyId: string; prefix: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { run, pending, error, reset } = useServerAction(revokeKeyAction);
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
        title={`Revoke ${prefix}?`}
        description="Requests with this key are refused from now on. This cannot be undone."
        footer={
          <>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              disabled={pending}
              onClick={() =>
                run({ keyId }, () => {
                  setOpen(false);
                  router.refresh();
                })
              }
            >
              {pending ? "Revoking…" : "Revoke key"}
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
