"use client";

import { useState } from "react";
import { useServerAction } from "@/components/forms/use-server-action";
import { Notice } from "@/components/ui/alert";
import { setReviewAction } from "@/app/(console)/policies/actions";

// The admin's switch for four-eyes review of policy changes; everyone else sees its state.

export function ReviewSetting({ required, canConfigure, expiryDays }: { required: boolean; canConfigure: boolean; expiryDays: number }) {
  const action = useServerAction(setReviewAction);
  // Shown switched at once; the server's answer confirms it, or puts it back.
  const [on, setOn] = useState(required);
  const change = (next: boolean) => {
    setOn(next);
    action.run({ reviewRequired: next }, (r) => setOn(r.required));
  };
  const shown = action.error ? required : on;
  return (
    <Notice tone={shown ? "info" : "warning"} data-testid="review-setting">
      <label className="flex items-center gap-2 font-medium">
        <input type="checkbox" checked={shown} disabled={!canConfigure || action.pending} onChange={(e) => change(e.target.checked)} />
        Require review of policy changes
      </label>
      <p className="mt-1 text-xs">
        {shown
          ? `A publish or rollback becomes a change request that another policy admin or admin approves in their inbox (it expires after ${expiryDays} days). Admins may publish without review in an emergency, with a reason.`
          : "Off: one policy admin can publish alone. Fine for a trial; production should turn it on."}
        {canConfigure ? "" : " Only admins change this."}
      </p>
      {action.error ? <p className="text-red-700">{action.error}</p> : null}
    </Notice>
  );
}
