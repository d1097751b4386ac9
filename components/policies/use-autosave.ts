"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { saveDraftAction } from "@/app/(console)/policies/actions";
import type { PolicyFile } from "@/lib/policy/types";
import { useDebounced } from "./use-debounced";

// Autosaves the author's draft a moment after typing stops. Saves run one after another,
// each naming the version it saw, so a save from another window is a conflict, not an
// overwrite. `flush` saves what is on screen now (before publishing or starting a shadow).

export type SaveState = "saved" | "unsaved" | "saving" | "error";

export function useAutosave(draft: { id: string; version: number } | undefined, files: PolicyFile[], enabled: boolean) {
  const version = useRef(draft?.version ?? 0);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const [saved, setSaved] = useState(files);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const settled = useDebounced(files, 600);

  const save = useCallback(
    (next: PolicyFile[]) => {
      if (!enabled || !draft) return queue.current;
      queue.current = queue.current.then(async () => {
        setSaving(true);
        const result = await saveDraftAction({ id: draft.id, version: version.current, files: next });
        setSaving(false);
        if (!result.ok) return setError(result.error);
        version.current = result.data.version;
        setSaved(next);
        setError(undefined);
      });
      return queue.current;
    },
    [draft, enabled],
  );

  useEffect(() => {
    if (settled !== saved) void save(settled);
  }, [settled, saved, save]);

  /** After a rebase the server holds new files and a new version. */
  const reset = useCallback((next: { version: number; files: PolicyFile[] }) => {
    version.current = next.version;
    setSaved(next.files);
  }, []);

  const state: SaveState = error ? "error" : saving ? "saving" : files !== saved ? "unsaved" : "saved";
  return { state, error, flush: () => (files === saved ? queue.current : save(files)), reset };
}
