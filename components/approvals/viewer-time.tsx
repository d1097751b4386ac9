"use client";

import { useSyncExternalStore } from "react";
import { LocalTime } from "@/components/audit/local-time";
import { Time } from "@/components/ui/time";

const noSubscription = () => () => {};

/**
 * A time in the viewer's own zone. The server cannot know that zone, so the server
 * render (and hydration) shows UTC, then the browser switches to local time.
 */
export function ViewerTime({ value, empty }: { value: string | Date | null | undefined; empty?: string }) {
  const inBrowser = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  if (!value || !inBrowser) return <Time value={value} empty={empty} />;
  return <LocalTime iso={typeof value === "string" ? value : value.toISOString()} />;
}
