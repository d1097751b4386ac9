import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentUser } from "@/lib/auth/session";
import { env, oidcEnabled } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  AccessDenied: "Your account is not allowed to sign in. Ask an admin.",
  OAuthSignin: "Single sign-on could not start. Try again.",
  OAuthCallback: "Single sign-on failed. Try again.",
  SessionRequired: "Sign in to continue.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string }> }) {
  if (await currentUser()) redirect("/");
  const { error, callbackUrl } = await searchParams;
  const safeCallback = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  return (
    <main className="flex min-h-screen items-center justify-center bg-zinc-50 p-6">
      <div className="w-full max-w-sm">
        <h1 className="mb-1 text-lg font-semibold">Sign in to Gatehouse</h1>
        <p className="mb-6 text-zinc-500">Approvals, policies and the audit trail for your agents.</p>
        <SignInForm
          callbackUrl={safeCallback}
          initialError={error ? (ERRORS[error] ?? "Sign-in failed. Try again.") : undefined}
          oidc={oidcEnabled() ? { name: env().OIDC_NAME } : undefined}
        />
      </div>
    </main>
  );
}
