import type { RunbookLink as Link } from "@/lib/ops/runbooks";

/** "Runbook: …" as a link, or as the repository path to open when no runbook site is configured. */
export function RunbookLink({ runbook, label = "Runbook" }: { runbook: Link; label?: string }) {
  return (
    <span data-testid="runbook-link">
      {label}:{" "}
      {runbook.href ? (
        <a className="underline" href={runbook.href} target="_blank" rel="noreferrer">
          {runbook.path.split("/").at(-1)}
        </a>
      ) : (
        <code className="font-mono">{runbook.path}</code>
      )}
    </span>
  );
}
