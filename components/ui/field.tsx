import type { ReactNode } from "react";
import { cn } from "./cn";
import { Label } from "./label";

export type FieldProps = {
  label: ReactNode;
  htmlFor?: string;
  hint?: ReactNode;
  error?: string | string[];
  className?: string;
  children: ReactNode;
};

export function Field({ label, htmlFor, hint, error, className, children }: FieldProps) {
  const errors = (Array.isArray(error) ? error : error ? [error] : []).filter(Boolean);
  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <Label htmlFor={htmlFor}>{label}</Label>
      {children}
      {hint ? <p className="text-xs text-zinc-500">{hint}</p> : null}
      {errors.length > 0 ? (
        <p data-testid="field-error" className="text-xs text-red-600">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
