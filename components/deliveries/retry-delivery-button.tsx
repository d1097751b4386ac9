"use client";

import { useRouter } from "next/navigation";
import { redeliverAction } from "@/app/(console)/agents/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";

export function RetryDeliveryButton({ deliveryId }: { deliveryId: string }) {
  const router = useRouter();
  const { run, pending, error } = useServerAction(redeliverAction);
  return (
    <span className="inline-flex items-center gap-2">
      {error ? (
        <span className="text-xs text-red-600" data-testid="form-error">
          {error}
        </span>
      ) : null}
      <Button variant="secondary" size="sm" disabled={pending} onClick={() => run({ deliveryId }, () => router.refresh())}>
        {pending ? "Retrying…" : "Retry"}
      </Button>
    </span>
  );
}
