"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Notice } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

type SignInFormProps = {
  callbackUrl: string;
  initialError?: string;
  oidc?: { name: string };
  /** GATEHOUSE_PASSWORD_SIGN_IN=break_glass: single sign-on first, the password form folded away. */
  passwordForBreakGlassOnly?: boolean;
};

export function SignInForm({ callbackUrl, initialError, oidc, passwordForBreakGlassOnly }: SignInFormProps) {
  const router = useRouter();
  const [error, setError] = useState(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (result?.ok && !result.error) {
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    setError(!result?.error || result.error === "CredentialsSignin" ? "Wrong e-mail or password." : result.error);
  }

  const passwordForm = (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field label="E-mail" htmlFor="email">
        <Input id="email" name="email" type="email" autoComplete="username" required autoFocus={!passwordForBreakGlassOnly} />
      </Field>
      <Field label="Password" htmlFor="password">
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
  const ssoButton = oidc ? (
    <Button
      variant={passwordForBreakGlassOnly ? "primary" : "secondary"}
      className="w-full"
      onClick={() => signIn("oidc", { callbackUrl })}
    >
      Continue with {oidc.name}
    </Button>
  ) : null;

  return (
    <div className="space-y-4 rounded-lg border border-zinc-200 bg-white p-6 shadow-sm">
      {error ? (
        <Notice tone="error" data-testid="sign-in-error">
          {error}
        </Notice>
      ) : null}
      {passwordForBreakGlassOnly ? (
        <>
          {ssoButton}
          <details className="text-zinc-500">
            <summary className="cursor-pointer text-xs">Break-glass sign-in with a password (named admins only)</summary>
            <div className="mt-3">{passwordForm}</div>
          </details>
        </>
      ) : (
        <>
          {passwordForm}
          {ssoButton}
        </>
      )}
    </div>
  );
}
