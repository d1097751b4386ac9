"use client";

import { useRouter } from "next/navigation";
import { changeRoleAction, setUserDisabledAction } from "@/app/(console)/users/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { ROLES, ROLE_LABELS, type Role } from "@/lib/auth/permissions";

export function UserRowControls({ userId, role, disabled, isSelf }: { userId: string; role: Role; disabled: boolean; isSelf: boolean }) {
  const router = useRouter();
  const roleAction = useServerAction(changeRoleAction);
  const statusAction = useServerAction(setUserDisabledAction);
  const error = roleAction.error ?? statusAction.error;
  return (
    <div className="flex items-center gap-2">
      <Select
        aria-label="Role"
        defaultValue={role}
        disabled={roleAction.pending}
        onChange={(e) => roleAction.run({ userId, role: e.target.value as Role }, () => router.refresh())}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </Select>
      {isSelf ? null : (
        <Button
          size="sm"
          variant="secondary"
          disabled={statusAction.pending}
          onClick={() => statusAction.run({ userId, disabled: !disabled }, () => router.refresh())}
        >
          {disabled ? "Enable" : "Disable"}
        </Button>
      )}
      {error ? (
        <span className="text-xs text-red-600" data-testid="row-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
