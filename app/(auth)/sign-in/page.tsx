import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { signInErrorMessage } from "@/components/auth/sign-in-errors";
import { currentUser } from "@/lib/auth/session";
import { env, oidcEnabled } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string }> }) {
  if (await currentUser()) redirect("/");
  const { error, callbackUrl } = await searchParams;
  const safeCallback = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  const e = env();
  return (
    <main className="flex min-h-screen items-center justify-center bg-zinc-50 p-6">
      <div className="w-full max-w-sm">
        <h1 className="mb-1 text-lg font-semibold">Sign in to Gatehouse</h1>
        <p className="mb-6 text-zinc-500">Approvals, policies and the audit trail for your agents.</p>
        <SignInForm
          callbackUrl={safeCallback}
          initialError={error ? signInErrorMessage(error, e.OIDC_NAME) : undefined}
          oidc={oidcEnabled(e) ? { name: e.OIDC_NAME } : undefined}
          passwordForBreakGlassOnly={e.GATEHOUSE_PASSWORD_SIGN_IN === "break_glass"}
        />
      </div>
    </main>
  );
}
