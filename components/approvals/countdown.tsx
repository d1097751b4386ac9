"use client";

import { cn } from "@/components/ui/cn";
import type { Deadline } from "@/lib/contracts/approvals";
import { formatDuration } from "@/lib/format/time";
import { THEN_TEXT } from "./format";
import { useNow } from "./queries";

/** Time left until the deadline, ticking, red in the last five minutes; the exact moment on hover. */
export function Countdown({ deadline, className }: { deadline: Deadline; className?: string }) {
  const now = useNow();
  const left = new Date(deadline.at).getTime() - now;
  return (
    <span
      data-testid="time-left"
      title={`${new Date(deadline.at).toLocaleString()}, ${THEN_TEXT[deadline.then]}`}
      className={cn(
        "text-xs whitespace-nowrap tabular-nums",
        left < 5 * 60_000 ? "font-medium text-red-700" : left < 30 * 60_000 ? "text-amber-700" : "text-zinc-600",
        className,
      )}
    >
      {left > 0 ? `${formatDuration(left)} left` : "due now"} <span className="text-zinc-400">{THEN_TEXT[deadline.then]}</span>
    </span>
  );
}
