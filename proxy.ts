import { NextResponse, type NextRequest } from "next/server";
import { refuseMalformedServerAction } from "@/lib/http/server-action-guard";

// Runs before Next.js handles a request. Server actions: a malformed one is refused here with a
// 4xx saying what is wrong (lib/http/server-action-guard.ts), where Next.js would answer 500.
// Authorisation is not done here: every route, page and action checks its own.

export async function proxy(request: NextRequest) {
  return (await refuseMalformedServerAction(request)) ?? NextResponse.next();
}

export const config = {
  matcher: [{ source: "/((?!api/|_next/).*)", has: [{ type: "header", key: "next-action" }] }],
};
