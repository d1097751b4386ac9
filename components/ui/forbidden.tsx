import Link from "next/link";

export function Forbidden() {
  return (
    <main className="mx-auto mt-24 max-w-lg rounded-lg border border-zinc-200 bg-white p-8 text-center" data-testid="forbidden">
      <h1 className="text-base font-semibold">You do not have access to this page</h1>
      <p className="mt-1 text-zinc-500">Your role does not allow it. Ask an admin if you need it.</p>
      <Link href="/" className="mt-4 inline-block text-sm underline">
        Back to Gatehouse
      </Link>
    </main>
  );
}
