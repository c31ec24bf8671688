import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from "graphql-ws";
import type { WebSocket, WebSocketServer } from "ws";
import type { Logger } from "../logging/logger.ts";

/** What graphql-ws hands our hooks as `ctx.extra` (the same as graphql-ws/use/ws). */
export interface Extra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
}

/**
 * graphql-ws on a `ws` server, as graphql-ws/use/ws does it, with two changes for agents that
 * push a sample every second over their socket (on this kind of VM each write is a system call
 * that costs more than the GraphQL execution of the sample):
 * - Frames produced in one turn of the event loop leave in one write: the socket is corked at
 *   the turn's first frame and uncorked once the turn's I/O is done (setImmediate). An
 *   operation's `next` and `complete` thus cost one write, not two. A frame is handed to the
 *   socket before `send` resolves, so the order of frames (and of a close after them) holds.
 * - A socket that sent anything within the keep-alive period is not pinged: 10,000 agents
 *   pushing every second would otherwise cost ~800 pings (and pongs) a second for nothing.
 * - A socket we stopped reading (graphql-ws.ts pauses one with 64 refusals held) is pinged but
 *   never cut off for silence: its pongs wait unread behind its other frames, so an unanswered
 *   ping says nothing of its client. A caller's line of held refusals can pause a socket for
 *   longer than two keep-alive periods; such sockets were closed (1006) with their work.
 *   A dead peer still ends it: writing the pings to it fails.
 */
export function serveGraphQLWs<E extends Record<PropertyKey, unknown>>(
  options: ServerOptions<Record<string, unknown> | undefined, Extra & Partial<E>>,
  wss: WebSocketServer,
  logger: Logger,
  keepAliveMs = 12_000,
): { dispose(): Promise<void> } {
  const server = makeServer(options);
  wss.options.handleProtocols = handleProtocols;
  wss.on("error", (error) => logger.error({ err: error }, "graphql-ws server error"));

  wss.on("connection", (socket, request) => {
    socket.once("error", (error) => {
      logger.warn({ err: error.message }, "graphql-ws socket error");
      socket.close(CloseCode.InternalServerError, "Internal server error");
    });
    let heardAt = Date.now();
    let pongWait: NodeJS.Timeout | null = null;
    const pingTimer = setInterval(() => {
      if (socket.readyState !== socket.OPEN || pongWait || Date.now() - heardAt < keepAliveMs) return;
      socket.ping();
      if (socket.isPaused) return;
      pongWait = setTimeout(() => {
        pongWait = null;
        // Paused since the ping: its pong may be waiting unread.
        if (socket.isPaused) return;
        socket.terminate();
      }, keepAliveMs);
    }, keepAliveMs);
    socket.on("pong", () => {
      heardAt = Date.now();
      if (pongWait) clearTimeout(pongWait);
      pongWait = null;
    });
    // ws keeps the net.Socket it writes to here; without one (not yet open) there is nothing to cork.
    const corked = corkPerTurn((socket as unknown as { _socket?: Socket })._socket);
    // One callback for every frame of the socket (two frames per operation), not one made per frame.
    const sent = (error?: Error | null) => {
      if (error) logger.debug({ err: error.message }, "graphql-ws frame not sent");
    };
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: async (data) => {
          if (socket.readyState !== socket.OPEN) return;
          corked();
          socket.send(data, sent);
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on("message", async (event) => {
            heardAt = Date.now();
            try {
              await handle(String(event));
            } catch (error) {
              logger.error({ err: error }, "graphql-ws message handling failed");
              socket.close(CloseCode.InternalServerError, "Internal server error");
            }
          }),
      },
      { socket, request } as Extra & Partial<E>,
    );
    socket.once("close", (code, reason) => {
      if (pongWait) clearTimeout(pongWait);
      clearInterval(pingTimer);
      void closed(code, String(reason));
    });
  });

  return {
    async dispose() {
      // 1001 Going Away: clients reconnect (4403 would tell an agent its key was refused).
      for (const client of wss.clients) client.close(1001, "Server shutting down");
      // A client that never answers the close (half-open, or one not reading: a slow consumer's
      // close frame waits behind its backlog) would hold the shutdown for ws' 30 s close timeout.
      const cutOff = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, 2_000);
      wss.removeAllListeners();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      clearTimeout(cutOff);
    },
  };
}

/** Returns a function that corks the socket until the end of the current turn (once per turn). */
export function corkPerTurn(raw: Socket | undefined): () => void {
  return () => {
    if (!raw || corkedThisTurn.has(raw)) return;
    corkedThisTurn.add(raw);
    raw.cork();
    if (corkedThisTurn.size === 1) setImmediate(uncorkAll);
  };
}

/**
 * Sockets corked in this turn, uncorked together by one immediate: an event fanned out to
 * 2,500 sockets of a process made 2,500 immediates (one per socket) for the same moment.
 */
const corkedThisTurn = new Set<Socket>();

function uncorkAll() {
  // Uncorking writes, and a write's error handler could cork again: that starts a new turn's set.
  const sockets = [...corkedThisTurn];
  corkedThisTurn.clear();
  for (const raw of sockets) {
    // One socket whose write fails at once must not leave the others of the turn corked for good
    // (and throw out of the immediate); it is destroyed, and graphql-ws learns that from "close".
    try {
      raw.uncork();
    } catch (error) {
      raw.destroy(error as Error);
    }
  }
}
