import type { ComponentProps } from "react";
import { cn } from "./cn";

export function Select({ className, children, ...props }: ComponentProps<"select">) {
  return (
    <select
      className={cn(
        "h-9 w-full cursor-pointer rounded-md border border-zinc-300 bg-white px-2.5 pr-8 text-sm text-zinc-900 shadow-xs focus-visible:border-zinc-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-zinc-900/10 disabled:cursor-not-allowed disabled:bg-zinc-50 disabled:opacity-60 aria-invalid:border-red-500",
        className,
      )}
      {...props}
    >
      {children}
    </select>
  );
}
