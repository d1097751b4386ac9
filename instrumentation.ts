// Next.js runs register() once when the server starts, before it serves a request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./lib/server/bootstrap");
  await startServer();
}
