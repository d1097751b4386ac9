"use client";

import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { providerSignOutUrl } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const router = useRouter();
  return (
    <Button
      variant="ghost"
      size="sm"
      onClick={async () => {
        // Asked first: it reads the session that signOut ends.
        const providerUrl = await providerSignOutUrl().catch(() => null);
        await signOut({ redirect: false });
        if (providerUrl) {
          window.location.assign(providerUrl);
          return;
        }
        router.replace("/sign-in");
        router.refresh();
      }}
    >
      Sign out
    </Button>
  );
}
