import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { testRedisDatabase } from "./databases.ts";
import { rawId } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";
import { activeSubscriptions, rawSubscription, subscriptionsLive } from "./ws-client.ts";

// Its own Redis database: another suite's BullMQ workers (multi-instance, on database 0 with the
// same key prefix) must not take this API's jobs, nor it theirs. Pub/sub channels are shared by
// every database, so the NUMSUB probe sees them all the same.
const redisUrl = testRedisDatabase(12);

const NODE_EVENTS = "subscription($w: ID!) { nodeEvents(workspaceId: $w) { kind name } }";

/**
 * A subscription on a topic where nothing is published ends as soon as its client completes it
 * or goes: the access guard's generator waited in the pub/sub's next() for an event, so its
 * return() (and the pub/sub listener, the Redis SUBSCRIBE, graphql-ws' close) waited for one too.
 * Nothing is published in these tests.
 */
describe("a subscription on a quiet topic ends when its client completes it or disconnects", () => {
  const api = useTestApi("pglite", { REDIS_URL: redisUrl });
  const probe = new Redis(redisUrl);
  let url: string;
  let base: string;
  let owner: Caller;
  let workspaceId: string;

  before(async () => {
    const address = await api.server.listen(0, "127.0.0.1");
    url = `ws://127.0.0.1:${address.port}/graphql`;
    base = `http://127.0.0.1:${address.port}`;
    owner = await api.signup("quiet@example.com");
    workspaceId = await createWorkspace(api, owner, "quiet-topic");
  });
  after(() => probe.quit());

  const channel = () => `levee:nodeEvents:${rawId(workspaceId)}`;
  const subscribers = async () => ((await probe.pubsub("NUMSUB", channel())) as [string, number])[1];
  /** Polls until `condition` holds (Redis and the metrics answer asynchronously); gives up after 10 s. */
  async function until(what: string, condition: () => Promise<boolean>) {
    for (const giveUpAt = Date.now() + 10_000; Date.now() < giveUpAt; await sleep(10))
      if (await condition()) return;
    throw new Error(`never: ${what}`);
  }

  async function subscribed() {
    const { socket, closed } = await rawSubscription(url, `Bearer ${owner.cookie}`, {
      query: NODE_EVENTS,
      variables: { w: workspaceId },
    });
    await subscriptionsLive(base, 1);
    await until("the topic's channel subscribed in Redis", async () => (await subscribers()) === 1);
    return { socket, closed };
  }

  it("complete: the pub/sub listener and the Redis SUBSCRIBE go, and the subscription stops streaming", async () => {
    const { socket, closed } = await subscribed();
    socket.send(JSON.stringify({ id: "1", type: "complete" }));
    await until("the channel unsubscribed", async () => (await subscribers()) === 0);
    await until("no subscription streaming", async () => (await activeSubscriptions(base)) === 0);
    socket.close();
    await closed;
  });

  it("disconnect: the pub/sub listener and the Redis SUBSCRIBE go, and the socket's close is handled", async () => {
    const { socket } = await subscribed();
    socket.terminate();
    await until("the channel unsubscribed", async () => (await subscribers()) === 0);
    await until("no subscription streaming", async () => (await activeSubscriptions(base)) === 0);
  });
});
