"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";

const KEYS = ["range", "from", "to", "agent", "type", "policy"] as const;
export type DashboardState = Partial<Record<(typeof KEYS)[number], string>>;

/** The dashboard's state lives in the URL (shareable, kept on reload); `fixed` (the agent page's agent) is not in it. */
export function useDashboardState(fixed: DashboardState = {}) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const state: DashboardState = { ...Object.fromEntries(KEYS.flatMap((k) => (search.get(k) ? [[k, search.get(k)!]] : []))), ...fixed };
  const query = new URLSearchParams(Object.entries(state).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  const update = useCallback(
    (next: DashboardState) => {
      const params = new URLSearchParams(search.toString());
      for (const [k, v] of Object.entries(next)) {
        if (k in fixed) continue;
        if (v) params.set(k, v);
        else params.delete(k);
      }
      router.replace(`${pathname}?${params}`, { scroll: false });
    },
    [router, pathname, search, fixed],
  );
  return { state, query, update };
}
