"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { rollbackAction } from "@/app/(console)/policies/actions";

// "Roll back to this version": its files published again as a new version, through review
// when review is required (or at once, in an emergency, by an admin with a reason).

export function RollbackDialog({
  version,
  onClose,
  emergencyAllowed,
}: {
  version: number;
  onClose: () => void;
  emergencyAllowed: boolean;
}) {
  const [message, setMessage] = useState(`Roll back to version ${version}`);
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string>();
  const action = useServerAction(rollbackAction);
  const router = useRouter();
  const submit = () =>
    action.run({ version, message, ...(reason.trim() ? { emergencyReason: reason } : {}) }, (o) => {
      setDone(
        o.outcome === "published"
          ? `Published as version ${o.version}.`
          : "Change request opened: another policy admin or admin approves it in their inbox.",
      );
      router.refresh();
    });
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Roll back to version ${version}?`}
      description="Its files are published again as a new version; nothing is deleted."
      footer={
        done ? (
          <Button onClick={onClose}>Done</Button>
        ) : (
          <>
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button disabled={action.pending} onClick={submit}>
              Roll back
            </Button>
          </>
        )
      }
    >
      {done ? (
        <p data-testid="rollback-outcome">{done}</p>
      ) : (
        <div className="space-y-3">
          <Field label="Message" htmlFor="rollback-message" error={action.fieldErrors.message}>
            <Input id="rollback-message" value={message} onChange={(e) => setMessage(e.target.value)} />
          </Field>
          {emergencyAllowed ? (
            <Field label="Emergency reason (optional: skips review)" htmlFor="rollback-reason" error={action.fieldErrors.emergencyReason}>
              <Textarea id="rollback-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
            </Field>
          ) : null}
          {action.error ? <p className="text-red-700">{action.error}</p> : null}
        </div>
      )}
    </Dialog>
  );
}
