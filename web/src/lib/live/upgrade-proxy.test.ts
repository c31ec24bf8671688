import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { WebSocket, WebSocketServer } from "ws";
import { visitedHostOf } from "../http/client-address";
import { isSameOrigin, proxyUpgrade, upgradeRequestHeaders } from "./upgrade-proxy";

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );

describe("upgradeRequestHeaders", () => {
  it("passes the handshake and the cookie, not the Origin it checked, and replaces X-Forwarded-For with the address seen", () => {
    const headers = upgradeRequestHeaders(
      {
        host: "web.test",
        cookie: "levee_session=abc",
        origin: "http://web.test",
        "sec-websocket-key": "k",
        "sec-websocket-version": "13",
        "sec-websocket-protocol": "graphql-transport-ws",
        "x-forwarded-for": "6.6.6.6",
        authorization: "Bearer nope",
      },
      "127.0.0.9",
    );
    assert.deepEqual(headers, {
      connection: "Upgrade",
      upgrade: "websocket",
      cookie: "levee_session=abc",
      "sec-websocket-key": "k",
      "sec-websocket-version": "13",
      "sec-websocket-protocol": "graphql-transport-ws",
      "x-forwarded-for": "127.0.0.9",
    });
  });
});

describe("isSameOrigin", () => {
  it("accepts same-host browsers and non-browser clients, refuses other sites", () => {
    assert.equal(isSameOrigin({ host: "web.test:3000", origin: "http://web.test:3000" }), true);
    assert.equal(isSameOrigin({ host: "web.test" }), true);
    assert.equal(isSameOrigin({ host: "web.test", origin: "https://evil.test" }), false);
    assert.equal(isSameOrigin({ host: "web.test", origin: "null" }), false);
  });

  it("compares with the host the browser asked for, which a trusted proxy names in X-Forwarded-Host", () => {
    const behindProxy = { host: "127.0.0.1:3000", origin: "https://levee.example" };
    assert.equal(isSameOrigin(behindProxy, "levee.example"), true);
    assert.equal(isSameOrigin(behindProxy), false);
    assert.equal(isSameOrigin({ ...behindProxy, origin: "https://evil.test" }, "levee.example"), false);
  });
});

describe("proxyUpgrade (real sockets on loopback)", () => {
  const upstream = createServer();
  // The API's rule (api/src/http/request-policy.ts originAllowed): an Origin must be one of
  // ALLOWED_ORIGINS (the deployment's own web origin here) or name the API's own host.
  const deploymentOrigin = "http://levee.test";
  const sockets = new WebSocketServer({
    server: upstream,
    path: "/graphql",
    verifyClient: ({ origin, req }: { origin: string; req: IncomingMessage }) =>
      !origin || origin === deploymentOrigin || new URL(origin).host === req.headers.host,
  });
  let seen: IncomingMessage | undefined;
  sockets.on("connection", (socket, request) => {
    seen = request;
    socket.on("message", (data) => socket.send(`echo:${data}`));
  });
  let apiUrl = "";
  const web = createServer((_req, res) => res.end("http"));
  let webPort = 0;
  before(async () => {
    apiUrl = `http://127.0.0.1:${await listen(upstream)}`;
    // As web/server.ts: a proxy at 127.0.0.2 is trusted (WEB_TRUST_PROXY), its X-Forwarded-Host believed.
    web.on("upgrade", (req, socket, head) =>
      proxyUpgrade(req, socket, head, apiUrl, {
        clientAddress: req.socket.remoteAddress,
        visitedHost: visitedHostOf(
          req.socket.remoteAddress,
          req.headers["x-forwarded-host"],
          req.headers.host,
          ["127.0.0.2"],
        ),
      }),
    );
    webPort = await listen(web);
  });
  after(() => {
    for (const client of sockets.clients) client.terminate();
    sockets.close();
    upstream.close();
    web.closeAllConnections();
    web.close();
  });

  it("pipes a graphql-ws socket both ways, with the session cookie and subprotocol", async () => {
    const client = new WebSocket(`ws://127.0.0.1:${webPort}/graphql`, "graphql-transport-ws", {
      headers: { cookie: "levee_session=tok" },
      origin: `http://127.0.0.1:${webPort}`,
    });
    await new Promise((resolve, reject) => {
      client.once("open", resolve);
      client.once("error", reject);
    });
    assert.equal(client.protocol, "graphql-transport-ws");
    const reply = new Promise<string>((resolve) => client.once("message", (data) => resolve(String(data))));
    client.send("ping");
    assert.equal(await reply, "echo:ping");
    assert.equal(seen?.headers.cookie, "levee_session=tok");
    client.close();
  });

  it("opens the dashboard's socket on a workspace's custom domain, which ALLOWED_ORIGINS does not name", async () => {
    const client = new WebSocket(`ws://127.0.0.1:${webPort}/graphql`, "graphql-transport-ws", {
      headers: { host: "status.customer.test", cookie: "levee_session=tok" },
      origin: "http://status.customer.test",
    });
    const opened = await new Promise<boolean | number | undefined>((resolve) => {
      client.once("open", () => resolve(true));
      client.once("unexpected-response", (_req, res) => resolve(res.statusCode));
      client.once("error", () => resolve(false));
    });
    assert.equal(opened, true);
    assert.equal(seen?.headers.origin, undefined);
    assert.equal(seen?.headers.cookie, "levee_session=tok");
    client.close();
  });

  it("opens a socket through a trusted proxy that passes its upstream's Host and the visitor's in X-Forwarded-Host", async () => {
    const opened = (localAddress: string, origin: string) => {
      const client = new WebSocket(`ws://127.0.0.1:${webPort}/graphql`, "graphql-transport-ws", {
        localAddress,
        headers: { cookie: "levee_session=tok", "x-forwarded-host": "levee.example" },
        origin,
      });
      return new Promise<boolean | number | undefined>((resolve) => {
        client.once("open", () => {
          client.close();
          resolve(true);
        });
        client.once("unexpected-response", (_req, res) => resolve(res.statusCode));
        client.once("error", () => resolve(false));
      });
    };
    assert.equal(await opened("127.0.0.2", "https://levee.example"), true);
    assert.equal(await opened("127.0.0.2", "https://evil.test"), 403, "another site, even through the proxy");
    // From anyone but the proxy the header is not believed: a forged one opens nothing.
    assert.equal(await opened("127.0.0.1", "https://levee.example"), 403);
  });

  it("refuses a handshake from another site with 403", async () => {
    const client = new WebSocket(`ws://127.0.0.1:${webPort}/graphql`, { origin: "https://evil.test" });
    const status = await new Promise<number | undefined>((resolve) =>
      client.once("unexpected-response", (_req, res) => resolve(res.statusCode)),
    );
    assert.equal(status, 403);
  });

  it("answers 502 when the API does not listen", async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((r) => closed.close(r));
    const lonely = createServer();
    lonely.on("upgrade", (req, socket, head) =>
      proxyUpgrade(req, socket, head, `http://127.0.0.1:${port}`, {
        clientAddress: undefined,
        visitedHost: req.headers.host,
      }),
    );
    const lonelyPort = await listen(lonely);
    const client = new WebSocket(`ws://127.0.0.1:${lonelyPort}/graphql`);
    const status = await new Promise<number | undefined>((resolve) =>
      client.once("unexpected-response", (_req, res) => resolve(res.statusCode)),
    );
    assert.equal(status, 502);
    lonely.closeAllConnections();
    lonely.close();
  });
});
