// Next.js runs register() once when the server starts, before it serves a request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { stampPeerAddresses } = await import("./lib/observability/peer-address");
  const { startTracing } = await import("./lib/observability/otel");
  stampPeerAddresses();
  startTracing();
  const { startServer } = await import("./lib/server/bootstrap");
  await startServer();
}
