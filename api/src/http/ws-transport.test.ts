import assert from "node:assert/strict";
import { createServer } from "node:http";
import { type AddressInfo, connect, createServer as createNetServer, type Socket } from "node:net";
import { after, describe, it } from "node:test";
import WebSocket, { WebSocketServer } from "ws";
import { createLogger } from "../logging/logger.ts";
import { corkPerTurn, serveGraphQLWs } from "./ws-transport.ts";

describe("graphql-ws keep-alive", () => {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, path: "/graphql" });
  let serverSocket: WebSocket | undefined;
  const server = serveGraphQLWs(
    {
      onConnect: (ctx) => {
        serverSocket = ctx.extra.socket;
        return true;
      },
    },
    wss,
    createLogger("silent"),
    // Pinged after 250 ms of silence, cut off 250 ms after an unanswered ping: long enough that a
    // busy CI machine's event-loop stall does not make a live client's pong look missing.
    250,
  );
  after(async () => {
    await server.dispose();
    await new Promise((resolve) => http.close(resolve));
  });

  it("a socket the server stopped reading (held refusals) is pinged, never cut off as silent, and is read again after", async () => {
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const { port } = http.address() as AddressInfo;
    const client = new WebSocket(`ws://127.0.0.1:${port}/graphql`, "graphql-transport-ws");
    let closed: number | undefined;
    let pings = 0;
    const events: (() => void)[] = [];
    const until = (condition: () => boolean) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!condition()) return;
          events.splice(events.indexOf(check), 1);
          resolve();
        };
        events.push(check);
        check();
      });
    const changed = () => {
      for (const check of [...events]) check();
    };
    client.on("close", (code) => {
      closed = code;
      changed();
    });
    client.on("ping", () => {
      pings++;
      changed();
    });
    client.on("message", changed);
    await new Promise((resolve) => client.once("open", resolve));
    client.send(JSON.stringify({ type: "connection_init" }));
    await until(() => serverSocket !== undefined || closed !== undefined);
    // What graphql-ws.ts does while a socket has 64 refusals held: its pongs wait unread too.
    serverSocket?.pause();
    // Unfixed, the first unanswered ping cut it off a keep-alive period later (1006 here).
    await until(() => pings >= 6 || closed !== undefined);
    assert.equal(closed, undefined, "a paused socket is not cut off for the pongs it was not read for");
    serverSocket?.resume();
    // Read again: its pongs (and anything else it sent) arrive; a live client stays connected.
    const seen = pings;
    await until(() => pings >= seen + 3 || closed !== undefined);
    assert.equal(closed, undefined, "a client answering pings stays connected once read again");
    client.close();
    await until(() => closed !== undefined);
  });
});

describe("sockets corked for a turn", () => {
  it("are all uncorked at the turn's end, even when one socket's uncork throws", async () => {
    const accepted: Socket[] = [];
    const server = createNetServer((socket) => accepted.push(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const open = () =>
      new Promise<Socket>((resolve) => {
        const client = connect(port, "127.0.0.1", () => resolve(client));
      });
    const [first, second, third] = [await open(), await open(), await open()];
    const clients = [first, second, third];
    first.on("error", () => {});
    first.uncork = () => {
      throw new Error("write failed");
    };
    for (const raw of clients) corkPerTurn(raw)();
    assert.deepEqual(
      clients.map((raw) => raw.writableCorked),
      [1, 1, 1],
    );
    // The turn's end: the immediate corkPerTurn set comes before this one.
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(second.writableCorked, 0);
    assert.equal(third.writableCorked, 0);
    assert.equal(first.destroyed, true, "the socket whose uncork threw is destroyed");
    for (const raw of [...clients, ...accepted]) raw.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
});
