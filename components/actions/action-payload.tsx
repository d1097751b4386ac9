import { JsonView } from "@/components/ui/json-view";

/** What the agent sent: its reasoning (quoted), the params and the context. */
export function ActionPayload({ params, context }: { params: unknown; context: unknown }) {
  const reasoning = (context as { reasoning?: unknown } | null)?.reasoning;
  return (
    <>
      {typeof reasoning === "string" && reasoning ? (
        <blockquote data-testid="agent-reasoning" className="border-l-2 border-zinc-300 pl-3 text-sm whitespace-pre-wrap text-zinc-700">
          {reasoning}
        </blockquote>
      ) : null}
      <p className="text-xs font-medium text-zinc-500">Params</p>
      <JsonView value={params} testId="action-params" />
      {context ? (
        <>
          <p className="text-xs font-medium text-zinc-500">Context</p>
          <JsonView value={context} />
        </>
      ) : null}
    </>
  );
}
