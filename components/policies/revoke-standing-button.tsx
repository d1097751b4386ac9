"use client";

import { revokeStandingApprovalAction } from "@/app/(console)/policies/actions";
import { ConfirmActionButton } from "@/components/forms/confirm-action-button";

/** Revoke with a confirmation: from the next request on, the covered actions wait for an approver again. */
export function RevokeStandingButton({ id, label }: { id: string; label: string }) {
  return (
    <ConfirmActionButton
      action={revokeStandingApprovalAction}
      input={{ id }}
      size="sm"
      label="Revoke"
      title="Revoke this standing approval?"
      description={`${label}. From the next request on, these actions wait for an approver again. This cannot be undone.`}
      confirm="Revoke standing approval"
      pending="Revoking…"
    />
  );
}
