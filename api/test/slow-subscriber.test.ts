import assert from "node:assert/strict";
import type { Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import WebSocket from "ws";
import { SLOW_CONSUMER_CLOSE_CODE } from "../src/http/send-buffer.ts";
import { publishNodeEvent } from "../src/nodes/node-events.ts";
import { rawId } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";
import { rawSubscription, subscriptionsLive } from "./ws-client.ts";

const NODE_EVENTS = "subscription($w: ID!) { nodeEvents(workspaceId: $w) { kind name } }";

/** A graphql-transport-ws client on a raw `ws` socket, so the test can stop it reading. */
async function rawSubscriber(url: string, caller: Caller, workspaceId: string) {
  const names: string[] = [];
  const { socket, closed } = await rawSubscription(
    url,
    `Bearer ${caller.cookie}`,
    { query: NODE_EVENTS, variables: { w: workspaceId } },
    (payload) => names.push(payload.data.nodeEvents.name),
  );
  /** The TCP socket under the WebSocket: pausing it stops reading (the kernel buffers fill, then the server's). */
  const tcp = (socket as unknown as { _socket: Socket })._socket;
  return { socket, names, closed, tcp };
}

/**
 * One subscriber stops reading its socket while another keeps up: the fast one receives every
 * event in order, the slow one's buffer on the server is bounded (WS_SEND_BUFFER_BYTES) and it
 * is closed with 1013 instead of holding events (or anyone) up.
 */
describe("a graphql-ws client too slow to read is dropped, others are not held up", () => {
  const api = useTestApi("pglite", { WS_SEND_BUFFER_BYTES: String(64 * 1024) });
  let url: string;
  let owner: Caller;
  let workspaceId: string;

  before(async () => {
    const address = await api.server.listen(0, "127.0.0.1");
    url = `ws://127.0.0.1:${address.port}/graphql`;
    owner = await api.signup("slow@example.com");
    workspaceId = await createWorkspace(api, owner, "slow-readers");
  });
  after(() => api.server.close(2000));

  it("the paused client is closed with 1013; the fast one got every event in order", async () => {
    const fast = await rawSubscriber(url, owner, workspaceId);
    const slow = await rawSubscriber(url, owner, workspaceId);
    await subscriptionsLive(url.replace("ws://", "http://").replace("/graphql", ""), 2);
    slow.tcp.pause();
    const slowClosed = () => metricValue(url, "levee_graphql_ws_slow_consumers_total");
    const filler = "x".repeat(4000);
    let sent = 0;
    // Paced by the fast client: each batch is published once it received the previous one, until
    // the server has dropped the slow client (kernel buffers of both ends fill first: some MB).
    for (let batch = 0; batch < 400 && (await slowClosed()) === 0; batch++) {
      for (let i = 0; i < 50; i++) {
        publishNodeEvent(api.server.services, rawId(workspaceId), "UPDATED", {
          id: "00000000-0000-0000-0000-000000000000",
          name: `${sent++} ${filler}`,
        });
      }
      // Bounded: a fast client dropped too (the bug this guards against) must fail, not spin.
      const deadline = Date.now() + 60_000;
      while (fast.names.length < sent) {
        assert.equal(fast.socket.readyState, WebSocket.OPEN, "the fast client was not dropped");
        assert.ok(Date.now() < deadline, `the fast client got ${fast.names.length} of ${sent} events`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    assert.equal(await slowClosed(), 1, "the slow client was dropped");
    assert.deepEqual(
      fast.names.map((name) => Number(name.split(" ")[0])),
      Array.from({ length: sent }, (_, i) => i),
    );
    assert.equal(fast.socket.readyState, WebSocket.OPEN);
    // Reading again, the slow client gets what had been written to it, then the close code.
    slow.tcp.resume();
    assert.equal(await slow.closed, SLOW_CONSUMER_CLOSE_CODE);
    assert.ok(slow.names.length < sent, `slow got ${slow.names.length} of ${sent}`);
    fast.socket.close();
  });
});

async function metricValue(wsUrl: string, name: string): Promise<number> {
  const text = await fetch(wsUrl.replace("ws://", "http://").replace("/graphql", "/metrics")).then((r) =>
    r.text(),
  );
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(" ")[1]) : 0;
}
