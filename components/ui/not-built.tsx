import { cn } from "./cn";

export type NotBuiltYetProps = { feature: string; description: string; className?: string };

export function NotBuiltYet({ feature, description, className }: NotBuiltYetProps) {
  return (
    <div className={cn("rounded-lg border border-dashed border-zinc-300 bg-white px-6 py-12 text-center", className)}>
      <p className="text-sm font-medium text-zinc-900">{feature} is not built yet</p>
      <p className="mx-auto mt-1 max-w-prose text-sm text-zinc-500">{description}</p>
    </div>
  );
}
