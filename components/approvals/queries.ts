"use client";

import { useEffect, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";

// The inbox's data: JSON routes read with TanStack Query, refreshed by live events.

export const inboxKeys = {
  all: ["inbox"] as const,
  list: ["inbox", "list"] as const,
  request: (id: string) => ["inbox", "request", id] as const,
  history: ["inbox", "history"] as const,
};

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { cache: "no-store" });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw Object.assign(new Error(body?.error?.message ?? `The server answered ${res.status}`), { status: res.status });
  return body as T;
}

export type LiveMode = "connecting" | "live" | "polling";

/**
 * Refreshes every inbox query the moment an action changes anywhere (Server-Sent Events
 * from /api/events). While the stream is down, says "polling", so queries poll instead;
 * the browser reconnects by itself, and a reconnect refreshes everything once.
 */
export function useLiveActions(): LiveMode {
  const client = useQueryClient();
  const [mode, setMode] = useState<LiveMode>("connecting");
  useEffect(() => {
    const source = new EventSource("/api/events");
    const refresh = () => void client.invalidateQueries({ queryKey: inboxKeys.all });
    source.onopen = () => {
      setMode("live");
      refresh();
    };
    source.onerror = () => setMode("polling");
    source.addEventListener("action", refresh);
    return () => source.close();
  }, [client]);
  return mode;
}

/** The current time, ticking every `intervalMs` (for countdowns). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
