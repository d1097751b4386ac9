"use server";

import { providerLogoutUrl } from "@/lib/auth/provider-logout";

/** Asked by the sign-out button before it ends the Gatehouse session (the answer needs that session). */
export async function providerSignOutUrl(): Promise<string | null> {
  return providerLogoutUrl();
}
