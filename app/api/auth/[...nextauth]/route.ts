import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { withSsoOutcome } from "@/lib/auth/sso-outcome";
import { refuseUnparsableJson } from "@/lib/http/read-body";

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Ctx) {
  const refused = await refuseUnparsableJson(request);
  if (refused) return refused;
  const params = await context.params;
  return withSsoOutcome(request, params.nextauth, () => NextAuth(request as never, { params } as never, authOptions()));
}

export { handler as GET, handler as POST };
