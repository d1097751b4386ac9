"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

/** The agent's webhook secret, masked until asked for, with how a receiver checks a signature. */
export function WebhookSecret({ secret }: { secret: string }) {
  const [revealed, setRevealed] = useState(false);
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-2">
        <span className="w-32 shrink-0 text-sm text-zinc-500">Webhook secret</span>
        <code
          data-testid="webhook-secret"
          className="min-w-0 flex-1 truncate rounded border border-zinc-200 bg-zinc-50 px-2 py-1 font-mono text-xs"
        >
          {revealed ? secret : "•".repeat(32)}
        </code>
        <Button variant="secondary" size="sm" onClick={() => setRevealed((r) => !r)}>
          {revealed ? "Hide" : "Reveal"}
        </Button>
        <CopyButton text={secret} />
      </div>
      <p className="text-xs text-zinc-500">
        Each callback carries <code className="font-mono">Gatehouse-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code>. Compute
        HMAC-SHA256 with this secret over <code className="font-mono">&lt;t&gt;.&lt;raw body&gt;</code>, compare it with{" "}
        <code className="font-mono">v1</code> in constant time, and refuse a <code className="font-mono">t</code> more than 5 minutes old.{" "}
        <code className="font-mono">Gatehouse-Delivery</code> stays the same on every retry: use it to ignore duplicates.
      </p>
    </div>
  );
}
