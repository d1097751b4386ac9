"use client";

import { useRouter } from "next/navigation";
import { changeRoleAction, setRolePinnedAction, setUserDisabledAction } from "@/app/(console)/users/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { ROLES, ROLE_LABELS, type Role } from "@/lib/auth/permissions";

type Props = {
  userId: string;
  role: Role;
  disabled: boolean;
  isSelf: boolean;
  /** OIDC_ROLE_MAP is set: single sign-on sets roles unless the user's role is pinned. */
  roleFromIdp: boolean;
  rolePinned: boolean;
};

export function UserRowControls({ userId, role, disabled, isSelf, roleFromIdp, rolePinned }: Props) {
  const router = useRouter();
  const roleAction = useServerAction(changeRoleAction);
  const pinAction = useServerAction(setRolePinnedAction);
  const statusAction = useServerAction(setUserDisabledAction);
  const error = roleAction.error ?? pinAction.error ?? statusAction.error;
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
      {roleFromIdp ? (
        <label
          className="flex items-center gap-1 text-xs text-zinc-600"
          title="A pinned role is managed here: single sign-on no longer changes it."
        >
          <input
            type="checkbox"
            defaultChecked={rolePinned}
            disabled={pinAction.pending}
            onChange={(e) => pinAction.run({ userId, pinned: e.target.checked }, () => router.refresh())}
          />
          Pinned
        </label>
      ) : null}
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
