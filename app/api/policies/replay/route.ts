import { replayOperation } from "@/lib/contracts/policy-studio";
import { route } from "@/lib/http/route";
import { methodNotAllowed, toAppError } from "@/lib/http/respond";
import { log } from "@/lib/log";
import { getDraft } from "@/lib/policy/draft-service";
import { replayPolicySet } from "@/lib/policy/replay-store";
import { compileOrThrow } from "@/lib/policy/store";
import type { PolicyFile } from "@/lib/policy/types";

// A replay streams JSON lines: progress per batch, then the result. The client cancels by
// closing the connection; the replay stops at its next batch.

export const POST = route(replayOperation, async ({ body, request }) => {
  const set = compileOrThrow(body.files ?? ((await getDraft(body.draftId!)).files as PolicyFile[])); // a broken set is a 422, before streaming
  const cancel = new AbortController();
  request.signal.addEventListener("abort", () => cancel.abort());
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: object) => !cancel.signal.aborted && controller.enqueue(encoder.encode(JSON.stringify(line) + "\n"));
      try {
        const replay = await replayPolicySet(set, body, {
          signal: cancel.signal,
          onProgress: (done, total) => send({ type: "progress", done, total }),
        });
        send({ type: "result", replay });
      } catch (error) {
        const known = toAppError(error);
        if (!known) log.error("replay failed", { err: error });
        send({
          type: "error",
          error: { code: known?.code ?? "internal", message: known?.message ?? "The replay failed; it has been logged" },
        });
      }
      if (!cancel.signal.aborted) controller.close();
    },
    cancel: () => cancel.abort(),
  });
  return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
});

const otherMethods = methodNotAllowed("POST");
export { otherMethods as GET, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
