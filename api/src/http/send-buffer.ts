import type { WebSocket, WebSocketServer } from "ws";

/**
 * The close code a socket gets when its client reads too slowly: 1013 "Try Again Later" (RFC
 * 6455 registry). Not 4429: graphql-ws clients treat 4429 (its "too many initialisation
 * requests") as fatal and never reconnect, while a dashboard that fell behind (a laptop waking
 * up, a congested link) should reconnect and load the current state.
 */
export const SLOW_CONSUMER_CLOSE_CODE = 1013;
export const SLOW_CONSUMER_REASON = "Client reads too slowly";

type SendCallback = (error?: Error) => void;

/**
 * Bounds what each socket of `wss` may have waiting to be written. graphql-ws awaits every
 * send's callback before the next event of a subscription, and `ws` calls it back only once the
 * kernel took the bytes: a client that stops reading would stall its subscriptions and let the
 * events pile up, unbounded, in their pub/sub queues. Here a send is handed to `ws` and answered
 * at once; once more than `maxBytes` wait in the socket's buffer (`bufferedAmount`), the message
 * is dropped and the socket closed with SLOW_CONSUMER_CLOSE_CODE. Other sockets never wait on it:
 * publishing is a fan-out of independent buffers. Must be called before serveGraphQLWs (ws-transport.ts),
 * so the wrapper is in place before its connection handler sends anything.
 */
export function boundSendBuffers(
  wss: WebSocketServer,
  options: { maxBytes: number; onSlowConsumer?: () => void },
): void {
  wss.on("connection", (socket: WebSocket) => {
    const send = socket.send.bind(socket) as (data: unknown, cb?: SendCallback) => void;
    let dropped = false;
    // One callback for every frame of the socket, not one made per frame.
    const sent = (error?: Error) => {
      if (error) dropped = true; // the socket is gone; graphql-ws learns it from "close"
    };
    // What waited at the turn's first frame: ws-transport corks a socket for the rest of a turn,
    // and bufferedAmount counts the frames held there, so a burst written in one turn (thousands
    // of status changes, one large result) would otherwise look like a client that stopped reading.
    const backlog: Backlog = { bytes: undefined };
    const bounded = (data: unknown, optionsOrCallback?: unknown, callback?: SendCallback) => {
      const cb = (typeof optionsOrCallback === "function" ? optionsOrCallback : callback) as
        | SendCallback
        | undefined;
      if (dropped) return cb?.();
      if (backlog.bytes === undefined) {
        backlog.bytes = socket.bufferedAmount;
        if (measuredThisTurn.push(backlog) === 1) setImmediate(forgetBacklogs);
      }
      if (backlog.bytes > options.maxBytes) {
        dropped = true;
        options.onSlowConsumer?.();
        // The close frame queues behind what is buffered: a client that reads again sees the
        // code after the events it had been sent; `ws` destroys the socket if it never does.
        socket.close(SLOW_CONSUMER_CLOSE_CODE, SLOW_CONSUMER_REASON);
        return cb?.();
      }
      send(data, sent);
      cb?.();
    };
    socket.send = bounded as WebSocket["send"];
  });
}

/** A socket's buffered bytes at its first frame of the current turn (undefined: none sent yet). */
interface Backlog {
  bytes: number | undefined;
}

/**
 * Backlogs measured in this turn, forgotten together by one immediate at its end: an event
 * fanned out to 2,500 sockets of a process made 2,500 immediates (one per socket) otherwise.
 */
const measuredThisTurn: Backlog[] = [];

function forgetBacklogs() {
  for (const backlog of measuredThisTurn) backlog.bytes = undefined;
  measuredThisTurn.length = 0;
}
