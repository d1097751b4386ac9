"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { createUserAction } from "@/app/(console)/users/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Notice } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { ROLES, ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import { splitGroups } from "@/lib/contracts/users";

/** `ssoName`: single sign-on is on, so a user can be added without a password, to sign in with it. */
export function CreateUserButton({ ssoName }: { ssoName?: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [ssoOnly, setSsoOnly] = useState(false);
  const [created, setCreated] = useState<{ email: string; generatedPassword?: string; ssoOnly: boolean }>();
  const { run, pending, error, fieldErrors, reset } = useServerAction(createUserAction);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    run(
      {
        email: String(form.get("email") ?? ""),
        name: String(form.get("name") ?? ""),
        role: String(form.get("role")) as Role,
        groups: splitGroups(String(form.get("groups") ?? "")),
        ssoOnly,
        password: ssoOnly ? "" : String(form.get("password") ?? ""),
      },
      (data) => {
        setCreated(data);
        router.refresh();
      },
    );
  }

  function close() {
    setOpen(false);
    setCreated(undefined);
    setSsoOnly(false);
  }

  return (
    <>
      <Button
        onClick={() => {
          reset();
          setOpen(true);
        }}
      >
        Add user
      </Button>
      <Dialog open={open} onClose={close} title={created ? "User added" : "Add a user"}>
        {created ? (
          <div className="space-y-4">
            <p>
              <span className="font-medium">{created.email}</span> can now sign in{created.ssoOnly ? ` with ${ssoName}` : ""}.
            </p>
            {created.generatedPassword ? (
              <>
                <Notice tone="warning">This generated password is shown once. Hand it over securely.</Notice>
                <div className="flex items-center gap-2">
                  <code
                    data-testid="generated-password"
                    className="flex-1 rounded border border-zinc-200 bg-zinc-50 px-2 py-1.5 font-mono text-xs"
                  >
                    {created.generatedPassword}
                  </code>
                  <CopyButton text={created.generatedPassword} />
                </div>
              </>
            ) : null}
            <div className="flex justify-end">
              <Button onClick={close}>Done</Button>
            </div>
          </div>
        ) : (
          <form onSubmit={onSubmit} className="space-y-4" noValidate>
            {error ? (
              <Notice tone="error" data-testid="form-error">
                {error}
              </Notice>
            ) : null}
            <Field label="E-mail" htmlFor="user-email" error={fieldErrors.email}>
              <Input id="user-email" name="email" type="email" required autoFocus />
            </Field>
            <Field label="Name (optional)" htmlFor="user-name" error={fieldErrors.name}>
              <Input id="user-name" name="name" />
            </Field>
            <Field label="Role" htmlFor="user-role" error={fieldErrors.role}>
              <Select id="user-role" name="role" defaultValue="viewer">
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field
              label="Groups (optional)"
              htmlFor="user-groups"
              error={fieldErrors.groups}
              hint="Approver groups that approval steps can name, e.g. finance, ops."
            >
              <Input id="user-groups" name="groups" placeholder="finance, ops" autoComplete="off" />
            </Field>
            {ssoName ? (
              <div>
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" checked={ssoOnly} onChange={(e) => setSsoOnly(e.target.checked)} />
                  Signs in with {ssoName} only
                </label>
                <p className="mt-1 text-xs text-zinc-500">
                  No password: their first sign-in through {ssoName} with this address, verified there, links the account.
                </p>
              </div>
            ) : null}
            {ssoOnly ? null : (
              <Field
                label="Password (optional)"
                htmlFor="user-password"
                error={fieldErrors.password}
                hint="At least 12 characters. Leave empty to generate one."
              >
                <Input id="user-password" name="password" type="password" autoComplete="new-password" />
              </Field>
            )}
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" disabled={pending}>
                {pending ? "Adding…" : "Add user"}
              </Button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}
