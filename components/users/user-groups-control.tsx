"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { setUserGroupsAction } from "@/app/(console)/users/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Notice } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { splitGroups } from "@/lib/contracts/users";

/** A user's approver groups as badges, and a dialog to change them. */
export function UserGroupsControl({ userId, email, groups }: { userId: string; email: string; groups: string[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { run, pending, error, fieldErrors, reset } = useServerAction(setUserGroupsAction);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get("groups") ?? "");
    run({ userId, groups: splitGroups(text) }, () => {
      setOpen(false);
      router.refresh();
    });
  }

  return (
    <div className="flex flex-wrap items-center gap-1" data-testid={`user-groups-${email}`}>
      {groups.length ? (
        groups.map((g) => (
          <Badge key={g} tone="violet">
            {g}
          </Badge>
        ))
      ) : (
        <span className="text-zinc-400">—</span>
      )}
      <Button
        size="sm"
        variant="ghost"
        aria-label={`Edit groups of ${email}`}
        onClick={() => {
          reset();
          setOpen(true);
        }}
      >
        Edit
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Groups of ${email}`}
        description="Approval steps can name a group (groups: [finance]); anyone in it may decide that step."
      >
        {/* Keyed by the saved list, so reopening after a save starts from what was stored. */}
        <form key={groups.join()} onSubmit={onSubmit} className="space-y-4" noValidate>
          {error && !fieldErrors.groups ? (
            <Notice tone="error" data-testid="form-error">
              {error}
            </Notice>
          ) : null}
          <Field
            label="Groups"
            htmlFor={`groups-${userId}`}
            error={fieldErrors.groups}
            hint="Separate with commas or spaces; lower-case letters, digits, “.”, “_” or “-”. Leave empty for none."
          >
            <Input
              id={`groups-${userId}`}
              name="groups"
              defaultValue={groups.join(", ")}
              placeholder="finance, ops"
              autoComplete="off"
              autoFocus
            />
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : "Save groups"}
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
