"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { linkIdentityAction, unlinkIdentityAction } from "@/app/(console)/users/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Notice } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Time } from "@/components/ui/time";
import type { RefusedIdentity } from "@/lib/sso/service";
import type { listUsers } from "@/lib/users/service";

type LinkedIdentity = Awaited<ReturnType<typeof listUsers>>[number]["ssoIdentities"][number];

const VIA: Record<string, string> = {
  sign_up: "created by their first sign-in",
  email: "linked by verified e-mail",
  admin: "linked by an admin",
};

type Props = { userId: string; email: string; identities: LinkedIdentity[]; refused: RefusedIdentity[]; defaultIssuer: string | null };

/** A user's single sign-on identities as badges, and a dialog to link (a refused sign-in, or by hand) and unlink them. */
export function UserIdentitiesControl({ userId, email, identities, refused, defaultIssuer }: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const link = useServerAction(linkIdentityAction);
  const unlink = useServerAction(unlinkIdentityAction);
  // A field's own error shows under it.
  const error = (Object.keys(link.fieldErrors).length ? undefined : link.error) ?? unlink.error;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    link.run({ userId, issuer: String(form.get("issuer") ?? ""), subject: String(form.get("subject") ?? "") }, () => router.refresh());
  }

  return (
    <div className="flex flex-wrap items-center gap-1" data-testid={`user-sso-${email}`}>
      {identities.map((i) => (
        <Badge key={i.id} tone="blue" title={`${i.issuer} · ${i.subject}`}>
          linked
        </Badge>
      ))}
      {refused.length ? <Badge tone="amber">{refused.length} refused</Badge> : null}
      {!identities.length && !refused.length ? <span className="text-zinc-400">—</span> : null}
      <Button
        size="sm"
        variant="ghost"
        aria-label={`Single sign-on of ${email}`}
        onClick={() => {
          link.reset();
          unlink.reset();
          setOpen(true);
        }}
      >
        Manage
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Single sign-on of ${email}`}
        description="A sign-in matches the provider's issuer and subject (the sub claim), never the e-mail alone."
      >
        <div className="space-y-5">
          {error ? (
            <Notice tone="error" data-testid="form-error">
              {error}
            </Notice>
          ) : null}
          <section className="space-y-2">
            <h3 className="font-medium">Linked identities</h3>
            {identities.length ? (
              identities.map((i) => (
                <div key={i.id} className="flex items-start justify-between gap-3 rounded border border-zinc-200 px-3 py-2">
                  <div className="min-w-0 text-xs">
                    <p className="truncate font-mono">{i.subject}</p>
                    <p className="truncate text-zinc-500">
                      {i.issuer}
                      {i.email ? ` · ${i.email}` : ""}
                    </p>
                    <p className="text-zinc-500">
                      {VIA[i.linkedVia] ?? i.linkedVia} · last sign-in <Time value={i.lastSignInAt} empty="never" />
                    </p>
                  </div>
                  <Button
                    size="sm"
                    variant="secondary"
                    aria-label={`Unlink ${i.subject}`}
                    disabled={unlink.pending}
                    onClick={() => unlink.run({ identityId: i.id }, () => router.refresh())}
                  >
                    Unlink
                  </Button>
                </div>
              ))
            ) : (
              <p className="text-zinc-500">None: this user signs in with a password.</p>
            )}
          </section>
          {refused.length ? (
            <section className="space-y-2">
              <h3 className="font-medium">Refused sign-ins with this e-mail</h3>
              <p className="text-xs text-zinc-500">
                These accounts asserted {email} but were not linked. Link one only if it is this person&apos;s.
              </p>
              {refused.map((r) => (
                <div
                  key={`${r.issuer} ${r.subject}`}
                  className="flex items-start justify-between gap-3 rounded border border-amber-200 bg-amber-50/50 px-3 py-2"
                >
                  <div className="min-w-0 text-xs">
                    <p className="truncate font-mono">{r.subject}</p>
                    <p className="truncate text-zinc-500">
                      {r.issuer} · <Time value={r.at} />
                    </p>
                  </div>
                  <Button
                    size="sm"
                    aria-label={`Link ${r.subject}`}
                    disabled={link.pending}
                    onClick={() => link.run({ userId, issuer: r.issuer, subject: r.subject }, () => router.refresh())}
                  >
                    Link
                  </Button>
                </div>
              ))}
            </section>
          ) : null}
          <form onSubmit={onSubmit} className="space-y-3 border-t border-zinc-200 pt-4" noValidate>
            <h3 className="font-medium">Link an identity by hand</h3>
            <Field label="Issuer" htmlFor={`issuer-${userId}`} error={link.fieldErrors.issuer}>
              <Input
                id={`issuer-${userId}`}
                name="issuer"
                defaultValue={defaultIssuer ?? ""}
                placeholder="https://idp.example.com"
                autoComplete="off"
              />
            </Field>
            <Field
              label="Subject"
              htmlFor={`subject-${userId}`}
              error={link.fieldErrors.subject}
              hint="The account's sub claim at the provider (shown in the refused sign-in's audit entry)."
            >
              <Input id={`subject-${userId}`} name="subject" autoComplete="off" />
            </Field>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setOpen(false)}>
                Close
              </Button>
              <Button type="submit" disabled={link.pending}>
                {link.pending ? "Linking…" : "Link identity"}
              </Button>
            </div>
          </form>
        </div>
      </Dialog>
    </div>
  );
}
