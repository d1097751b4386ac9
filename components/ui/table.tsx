import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

export type TableProps = ComponentProps<"table"> & {
  /** Keeps the header visible while the table's container scrolls; give a height via containerClassName (e.g. "max-h-[60vh]"). */
  stickyHeader?: boolean;
  containerClassName?: string;
};

export function Table({ stickyHeader, containerClassName, className, ...props }: TableProps) {
  return (
    <div className={cn("relative w-full overflow-auto rounded-lg border border-zinc-200 bg-white", containerClassName)}>
      <table
        className={cn(
          "w-full caption-bottom border-collapse text-sm",
          stickyHeader && "[&_thead_th]:sticky [&_thead_th]:top-0 [&_thead_th]:z-10",
          className,
        )}
        {...props}
      />
    </div>
  );
}

export function THead({ className, ...props }: ComponentProps<"thead">) {
  return <thead className={cn("[&_tr]:hover:bg-transparent", className)} {...props} />;
}

export function TBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={cn("[&_tr:last-child]:border-0", className)} {...props} />;
}

export function TR({ className, ...props }: ComponentProps<"tr">) {
  return <tr className={cn("border-b border-zinc-100 transition-colors hover:bg-zinc-50", className)} {...props} />;
}

export function TH({ className, scope = "col", ...props }: ComponentProps<"th">) {
  return (
    <th
      scope={scope}
      className={cn(
        "h-8 border-b border-zinc-200 bg-zinc-50 px-3 text-left align-middle text-xs font-medium whitespace-nowrap text-zinc-500",
        className,
      )}
      {...props}
    />
  );
}

export function TD({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("px-3 py-2 align-middle text-zinc-800", className)} {...props} />;
}

export function EmptyRow({ colSpan, children, className }: { colSpan: number; children: ReactNode; className?: string }) {
  return (
    <tr className="hover:bg-transparent">
      <td colSpan={colSpan} className={cn("px-3 py-10 text-center text-sm text-zinc-500", className)}>
        {children}
      </td>
    </tr>
  );
}
