import { Badge } from "@/components/ui/badge";

const TONES = { allowed: "green", denied: "red", pending: "amber", halted: "violet" } as const;

export function StatusBadge({ status }: { status: keyof typeof TONES }) {
  return <Badge tone={TONES[status]}>{status}</Badge>;
}
