"use client";

import { revokeKeyAction } from "@/app/(console)/agents/actions";
import { ConfirmActionButton } from "@/components/forms/confirm-action-button";

export function RevokeKeyButton({ keyId, prefix }: { keyId: string; prefix: string }) {
  return (
    <ConfirmActionButton
      action={revokeKeyAction}
      input={{ keyId }}
      size="sm"
      label="Revoke"
      title={`Revoke ${prefix}?`}
      description="Requests with this key are refused from now on. This cannot be undone."
      confirm="Revoke key"
      pending="Revoking…"
    />
  );
}
