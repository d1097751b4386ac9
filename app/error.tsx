"use client";

import { ServerError } from "@/components/shell/server-error";

// What a page shows when rendering it failed on the server: "database unavailable" (and
// a retry once it answers) when that is the cause, else a short apology, never a digest alone.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ServerError digest={error.digest} reset={reset} />;
}
