import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

const closedConnections = new WeakMap<Socket, AbortSignal>();
const goneRequests = new WeakMap<object, AbortSignal>();

/** Aborted when the connection closes; one signal per connection, however many requests it carries. */
export function connectionClosed(socket: Socket): AbortSignal {
  let signal = closedConnections.get(socket);
  if (!signal) {
    const closed = new AbortController();
    socket.once("close", () => closed.abort());
    signal = closed.signal;
    closedConnections.set(socket, signal);
  }
  return signal;
}

/**
 * Aborted when the request's client is gone: its response closed, or its connection. A pipelined
 * request whose connection is destroyed never sees its own response close (Node emits that for
 * the response being written only), so a refusal waiting in its caller's line would wait for its
 * turn with nobody to answer; the connection's close ends it too. The same signal per request.
 */
export function clientGone(request: { signal: AbortSignal }, req: IncomingMessage | undefined): AbortSignal {
  let signal = goneRequests.get(request);
  if (!signal) {
    signal = req?.socket ? AbortSignal.any([request.signal, connectionClosed(req.socket)]) : request.signal;
    goneRequests.set(request, signal);
  }
  return signal;
}
