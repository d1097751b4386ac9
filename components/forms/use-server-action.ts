"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/http/authed-action";

/** Runs a server action from a form: pending state, the server's message and per-field errors. */
export function useServerAction<I, T>(action: (input: I) => Promise<ActionResult<T>>) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});

  function run(input: I, onSuccess?: (data: T) => void) {
    startTransition(async () => {
      const result = await action(input);
      if (result.ok) {
        setError(undefined);
        setFieldErrors({});
        onSuccess?.(result.data);
      } else {
        setError(result.error);
        setFieldErrors(result.fieldErrors ?? {});
      }
    });
  }

  function reset() {
    setError(undefined);
    setFieldErrors({});
  }

  return { run, pending, error, fieldErrors, reset };
}
