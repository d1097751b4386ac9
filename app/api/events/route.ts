import { CHANNELS, subscribe } from "@/lib/db/notify";
import { eventsOperation } from "@/lib/contracts/system";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

// Server-Sent Events for the console: one `action` event per change to an action (created
// pending, voted, decided), fed by Postgres LISTEN/NOTIFY, so inboxes refresh at once on
// every replica. The data is `{"id": actionId}`, or `{"id": null}` after a lost database
// connection (anything may have changed: look again).

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

export const GET = route(eventsOperation, async ({ request }) => {
  const { signal } = request;
  let send = (_text: string) => {};
  let stop = () => {};
  // Subscribed before the answer's headers go out: the browser refreshes the inbox when the
  // stream opens, so a change committed after that refresh always arrives as an event (with the
  // subscription inside the stream's start, one committed in between was lost until the next poll).
  const unsubscribe = await subscribe(CHANNELS.actions, (id) => send(`event: action\ndata: ${JSON.stringify({ id: id || null })}\n\n`));
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop(); // the stream is already closed
        }
      };
      // Comments keep proxies from closing an idle connection.
      const heartbeat = setInterval(() => send(": heartbeat\n\n"), HEARTBEAT_MS);
      stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      if (signal.aborted) return stop();
      signal.addEventListener("abort", stop, { once: true });
      send("retry: 2000\n: connected\n\n");
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform: Next's compression would otherwise buffer the stream.
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
});

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
