import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { sendHttp } from "./http-send.ts";

/**
 * A receiver that closes a kept-alive connection as the next request arrives on it, as a server
 * closing it for idleness at that moment does: the request never gets an answer there.
 */
describe("sendHttp on a kept-alive connection the receiver closes", () => {
  let server: Server;
  let url: string;
  const seen: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      const socket = req.socket as typeof req.socket & { served?: boolean };
      if (socket.served && req.url === "/partial") {
        // An answer begun, then the connection reset: the receiver's failure, not the pool's.
        seen.push(`${req.url} cut off`);
        res.writeHead(200, { "content-length": "100" });
        res.write("x");
        setImmediate(() => socket.resetAndDestroy());
        return;
      }
      if (socket.served) {
        seen.push(`${req.url} dropped`);
        socket.destroy();
        return;
      }
      socket.served = true;
      seen.push(`${req.url} answered`);
      req.resume();
      req.on("end", () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends it again once, on a connection of its own", async () => {
    const options = { timeoutMs: 5_000, allowPrivate: true };
    const first = await sendHttp({ url: `${url}/first`, body: {} }, options);
    assert.equal(first.kind === "response" && first.status, 204);
    // The first connection goes back to the pool once its answer is read.
    await new Promise((resolve) => setImmediate(resolve));
    const second = await sendHttp({ url: `${url}/second`, body: {} }, options);
    assert.deepEqual(second.kind === "response" ? second.status : second, 204);
    assert.deepEqual(seen, ["/first answered", "/second dropped", "/second answered"]);
  });

  it("fails at once, and does not send it again, when the receiver's answer is cut off", async () => {
    seen.length = 0;
    const options = { timeoutMs: 30_000, allowPrivate: true };
    await sendHttp({ url: `${url}/warm`, body: {} }, options);
    await new Promise((resolve) => setImmediate(resolve));
    const cut = await sendHttp({ url: `${url}/partial`, body: {} }, options);
    // A network failure at once, not a timeout at the deadline.
    assert.deepEqual(cut, { kind: "network", message: "aborted" });
    assert.deepEqual(seen, ["/warm answered", "/partial cut off"]);
  });
});
