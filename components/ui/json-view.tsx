/** Pretty-printed JSON in a scrollable block. */
export function JsonView({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <pre
      data-testid={testId}
      className="max-h-80 overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs leading-relaxed"
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
