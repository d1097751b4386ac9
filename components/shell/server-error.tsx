"use client";

import { useRouter } from "next/navigation";
import { startTransition, useEffect, useEffectEvent, useState } from "react";
import { Button } from "@/components/ui/button";

type Cause = "checking" | "database" | "other";

const RETRY_MS = 3000;

/** Asks /api/ready whether the database answers: a page that failed while it did not was failed by it. */
async function databaseAnswers() {
  try {
    const report = (await (await fetch("/api/ready", { cache: "no-store" })).json()) as { database?: { reachable?: boolean } };
    return report.database?.reachable !== false;
  } catch {
    return false;
  }
}

export function ServerError({ digest, reset }: { digest?: string; reset: () => void }) {
  const router = useRouter();
  const [cause, setCause] = useState<Cause>("checking");
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });

  const again = useEffectEvent(retry);
  useEffect(() => {
    let stopped = false;
    let wasDown = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      const up = await databaseAnswers();
      if (stopped) return;
      if (!up) {
        wasDown = true;
        setCause("database");
        timer = setTimeout(check, RETRY_MS);
      } else if (wasDown) {
        again(); // the database is back: render the page again
      } else {
        setCause("other");
      }
    };
    void check();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  return (
    <main className="mx-auto mt-24 max-w-lg rounded-lg border border-zinc-200 bg-white p-8 text-center" data-testid="server-error">
      {cause === "database" ? (
        <>
          <h1 className="text-base font-semibold">Database unavailable</h1>
          <p className="mt-2 text-sm text-zinc-600">
            Gatehouse cannot reach its database right now. Nothing was lost: this page reloads by itself as soon as the database answers
            again.
          </p>
        </>
      ) : (
        <>
          <h1 className="text-base font-semibold">{cause === "checking" ? "Loading…" : "Something went wrong"}</h1>
          {cause === "other" ? (
            <p className="mt-2 text-sm text-zinc-600">
              The server could not show this page. It has been logged{digest ? ` (reference ${digest})` : ""}.
            </p>
          ) : null}
        </>
      )}
      <Button variant="secondary" className="mt-4" onClick={retry}>
        Try again
      </Button>
    </main>
  );
}
