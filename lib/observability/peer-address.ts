import diagnostics_channel from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { processSlot } from "../process-singleton";
import { PEER_HEADER } from "./access";

const stamping = processSlot<boolean>("peer-address-stamp");

/**
 * Stamps every incoming request with its socket's address (PEER_HEADER), through Node's
 * documented `http.server.request.start` channel, which fires before any listener (Next.js
 * included) sees the request. Whatever value a client sent under that name is replaced.
 */
export function stampPeerAddresses() {
  if (stamping.get()) return;
  stamping.set(true);
  diagnostics_channel.subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[PEER_HEADER] = socket.remoteAddress ?? "";
  });
}
