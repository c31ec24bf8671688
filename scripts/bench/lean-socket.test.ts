import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { type WebSocket, WebSocketServer } from "ws";
import { LeanSocket } from "./lean-socket.ts";

/**
 * The bench's own client against the `ws` library's server (the API's): what arrives must be what
 * the agent's SocketChannel sends, and what comes back (long frames, pings, errors, a close) must
 * be read as the agent reads it.
 */
describe("lean-socket (the benchmarks' graphql-ws client)", () => {
  let http: Server;
  let wss: WebSocketServer;
  let url: string;
  const upgrades: IncomingMessage[] = [];
  const received: Record<string, unknown>[] = [];
  let refuseNext = 0;
  let onSubscribe: (ws: WebSocket, message: { id: string; payload: unknown }) => void = () => {};

  before(async () => {
    http = createServer();
    wss = new WebSocketServer({
      server: http,
      path: "/graphql",
      handleProtocols: (protocols) =>
        protocols.has("graphql-transport-ws") ? "graphql-transport-ws" : false,
      verifyClient: ({ req }: { req: IncomingMessage }) =>
        req.headers.authorization !== "Bearer refused" && refuseNext-- <= 0,
    });
    wss.on("connection", (ws, req) => {
      upgrades.push(req);
      ws.on("message", (data) => {
        const message = JSON.parse(data.toString());
        received.push(message);
        if (message.type === "connection_init") ws.send(JSON.stringify({ type: "connection_ack" }));
        else if (message.type === "subscribe") onSubscribe(ws, message);
      });
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  });

  after(async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => http.close(resolve));
  });

  it("sends the agent's upgrade, connection_init and subscribe frames, and reads the answer", async () => {
    onSubscribe = (ws, { id }) => {
      ws.send(JSON.stringify({ id, type: "next", payload: { data: { ok: id } } }));
      ws.send(JSON.stringify({ id, type: "complete" }));
    };
    const socket = new LeanSocket({ url, authorization: "Bearer k1", userAgent: "levee-bench" });
    const variables = { samples: [{ ts: "2026-12-04T00:00:00.000Z", note: 'quote " and é' }] };
    assert.deepEqual(await socket.request("mutation R { r }", variables), { data: { ok: "1" } });
    assert.deepEqual(await socket.request("mutation R { r }", variables), { data: { ok: "2" } });
    const upgrade = upgrades.at(-1) as IncomingMessage;
    assert.equal(upgrade.headers.authorization, "Bearer k1");
    assert.equal(upgrade.headers["user-agent"], "levee-bench");
    assert.equal(upgrade.headers["sec-websocket-protocol"], "graphql-transport-ws");
    assert.deepEqual(received.slice(-3), [
      { type: "connection_init", payload: { authorization: "Bearer k1" } },
      { id: "1", type: "subscribe", payload: { query: "mutation R { r }", variables } },
      { id: "2", type: "subscribe", payload: { query: "mutation R { r }", variables } },
    ]);
    socket.close();
  });

  it("reads long frames (16- and 64-bit lengths), answers pings, and resolves an error as errors", async () => {
    const long = "x".repeat(70_000);
    let pongs = 0;
    onSubscribe = (ws, { id, payload }) => {
      ws.on("pong", () => pongs++);
      const { variables } = payload as { variables: { kind: string } };
      if (variables.kind === "error") {
        ws.send(JSON.stringify({ id, type: "error", payload: [{ message: "refused" }] }));
        return;
      }
      ws.ping();
      ws.send(JSON.stringify({ type: "ping" }));
      ws.send(
        JSON.stringify({
          id,
          type: "next",
          payload: { data: { text: variables.kind === "long" ? long : "short".repeat(40) } },
        }),
      );
    };
    const socket = new LeanSocket({ url, authorization: "Bearer k2", userAgent: "levee-bench" });
    assert.equal(
      ((await socket.request("q", { kind: "mid" })) as { data: { text: string } }).data.text.length,
      200,
    );
    assert.equal(
      ((await socket.request("q", { kind: "long" })) as { data: { text: string } }).data.text,
      long,
    );
    assert.deepEqual(await socket.request("q", { kind: "error" }), {
      data: null,
      errors: [{ message: "refused" }],
    });
    assert.ok(pongs >= 2, `a pong for each ping (${pongs})`);
    assert.ok(
      received.some((m) => m.type === "pong"),
      "graphql-ws ping answered with pong",
    );
    // A long request: its frame carries a 16-bit length, masked.
    const big = "y".repeat(1_000);
    onSubscribe = (ws, { id, payload }) =>
      ws.send(
        JSON.stringify({
          id,
          type: "next",
          payload: { data: { echo: (payload as { variables: { big: string } }).variables.big } },
        }),
      );
    assert.deepEqual(await socket.request("q", { big }), { data: { echo: big } });
    socket.close();
  });

  it("fails what is in flight when the server closes, and opens a new socket for the next request", async () => {
    onSubscribe = (ws) => ws.close(4400, "bye");
    const socket = new LeanSocket({ url, authorization: "Bearer k3", userAgent: "levee-bench" });
    await assert.rejects(socket.request("q", {}), /socket closed \(4400\)/);
    onSubscribe = (ws, { id }) =>
      ws.send(JSON.stringify({ id, type: "next", payload: { data: { again: true } } }));
    assert.deepEqual(await socket.request("q", {}), { data: { again: true } });
    socket.close();
    await assert.rejects(socket.request("q", {}), /socket closed/);
  });

  it("rejects a refused upgrade, and the next request on it opens a clean connection", async () => {
    const socket = new LeanSocket({ url, authorization: "Bearer k4", userAgent: "levee-bench" });
    refuseNext = 1;
    await assert.rejects(socket.request("q", {}), /upgrade refused \(HTTP\/1\.1 401/);
    // The refusal's bytes were that connection's: the next one reads its own 101.
    onSubscribe = (ws, { id }) =>
      ws.send(JSON.stringify({ id, type: "next", payload: { data: { after: 1 } } }));
    assert.deepEqual(await socket.request("q", {}), { data: { after: 1 } });
    socket.close();
  });

  it("close() while connecting ends that connection (no socket left open on the server)", async () => {
    const socket = new LeanSocket({ url, authorization: "Bearer k5", userAgent: "levee-bench" });
    // Closed once the server has the upgrade, before its connection_ack is read.
    const upgraded = new Promise<WebSocket>((resolve) => wss.once("connection", resolve));
    const request = socket.request("q", {});
    const server = await upgraded;
    socket.close();
    await assert.rejects(request, /socket closed/);
    const closed = await new Promise<boolean>((resolve) => {
      server.once("close", () => resolve(true));
      setTimeout(() => resolve(false), 2_000);
    });
    assert.ok(closed, "the server saw the connection end");
  });
});
