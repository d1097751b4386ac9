export function Forbidden({ what }: { what: string }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white p-8 text-center" data-testid="forbidden">
      <h1 className="text-base font-semibold">You do not have access to {what}</h1>
      <p className="mt-1 text-zinc-500">Your role does not allow it. Ask an admin if you need it.</p>
    </div>
  );
}
