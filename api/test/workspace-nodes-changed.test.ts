// An MSP's overview follows a page of its customers' nodes in one subscription: three per customer
// (nodeEvents, nodeStatusChanged, incidentEvents) were 150 operations for a page of 50, over the
// request rate limit, and the page's next queries were refused.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { createNode, sseSubscription } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";
import { subscribe } from "./ws-client.ts";

const FOLLOW = `subscription($ids: [ID!]!) { workspaceNodesChanged(workspaceIds: $ids) { workspaceId nodeId } }`;

describe("workspaceNodesChanged", () => {
  const api = useTestApi("pglite");
  let owner: Caller;
  let customers: string[];
  let base: string;
  let ws: string;

  before(async () => {
    owner = await api.signup("msp-owner@example.com", "MSP owner");
    const msp = await createWorkspace(api, owner, "msp-followed");
    customers = [
      await createWorkspace(api, owner, "customer-one", msp),
      await createWorkspace(api, owner, "customer-two", msp),
    ];
    const { port } = await api.server.listen(0, "127.0.0.1");
    base = `http://127.0.0.1:${port}`;
    ws = `ws://127.0.0.1:${port}/graphql`;
  });

  // It completed at once, with no error: an overview whose page came out empty looked live.
  it("an empty list is refused (BAD_USER_INPUT), over SSE and graphql-ws, not a stream that completes at once", async () => {
    const refused = await sseSubscription(base, owner, FOLLOW, { ids: [] });
    try {
      const answer = await refused.next(30_000);
      assert.equal(answer.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", JSON.stringify(answer));
      assert.match(answer.errors?.[0]?.message ?? "", /workspaceIds: must list at least one workspace/);
    } finally {
      refused.close();
    }
    const socket = subscribe(ws, FOLLOW, { ids: [] }, { authorization: `Bearer ${owner.cookie}` });
    try {
      // graphql-ws answers a subscription's refusal as one `next` carrying the errors, then `complete`.
      await socket.completed;
      const [answer] = socket.events as { errors?: { extensions?: { code?: string } }[] }[];
      assert.equal(answer?.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", JSON.stringify(socket.events));
    } finally {
      await socket.dispose();
    }
  });

  it("carries the changes of every workspace followed, each naming its workspace", async () => {
    const stream = await sseSubscription(base, owner, FOLLOW, { ids: customers });
    try {
      // SSE has no acknowledgement: nodes are created in the first workspace until the stream, live
      // by then, carries one (one node after a fixed 100 ms pause raced the stream's set-up on a
      // loaded machine).
      let arrived = false;
      const first = stream.next(30_000).finally(() => {
        arrived = true;
      });
      const ones: string[] = [];
      for (let i = 1; i <= 100 && !arrived; i++) {
        ones.push(await createNode(api, owner, customers[0] as string, `one-web-${i}`));
        await Promise.race([first.catch(() => {}), new Promise((resolve) => setTimeout(resolve, 250))]);
      }
      const change = (await first).data?.workspaceNodesChanged;
      assert.equal(change?.workspaceId, customers[0], JSON.stringify(change));
      assert.ok(
        ones.includes(change?.nodeId),
        `one of the first workspace's new nodes: ${JSON.stringify(change)}`,
      );
      const two = await createNode(api, owner, customers[1] as string, "two-web-1");
      // Nodes of the first workspace the stream heard after its first may come before: each named
      // with its workspace too.
      for (;;) {
        const next = (await stream.next(30_000)).data?.workspaceNodesChanged;
        if (next?.workspaceId !== customers[0]) {
          assert.deepEqual(next, { workspaceId: customers[1], nodeId: two });
          break;
        }
        assert.ok(
          ones.includes(next.nodeId),
          `one of the first workspace's new nodes: ${JSON.stringify(next)}`,
        );
      }
    } finally {
      stream.close();
    }
  });

  it("follows at most 50 workspaces; a node's id is no workspace (NOT_FOUND, as for any id of another type)", async () => {
    const tooMany = Array.from({ length: 51 }, () => customers[0]);
    const refused = await sseSubscription(base, owner, FOLLOW, { ids: tooMany });
    try {
      const answer = await refused.next(30_000);
      assert.equal(answer.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", JSON.stringify(answer));
    } finally {
      refused.close();
    }
    const node = await createNode(api, owner, customers[0] as string, "not-a-workspace");
    const wrongType = await sseSubscription(base, owner, FOLLOW, { ids: [node] });
    try {
      const answer = await wrongType.next(30_000);
      assert.equal(answer.errors?.[0]?.extensions?.code, "NOT_FOUND", JSON.stringify(answer));
    } finally {
      wrongType.close();
    }
  });
});
