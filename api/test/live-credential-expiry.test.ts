// A session or API key that expired while its subscription was quiet went on streaming until the
// stream's next event: the credential was re-checked only before an operation or an event (and a
// graphql-ws socket was closed at its API key's expiry, not at its session's). Now every stream
// ends at the expiry: over SSE the stream completes (`event: complete`, as on a revocation), and a
// graphql-ws socket is closed 4403 ("API key expired" / "Session expired"). Nothing is published
// in these tests: only the expiry can end the streams.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { rawId, sseSubscription } from "./fixtures.ts";
import { type Caller, createWorkspace, type TestApi, useTestApi } from "./harness.ts";
import { subscribe, subscriptionsLive } from "./ws-client.ts";

const NODE_EVENTS = "subscription($w: ID!) { nodeEvents(workspaceId: $w) { kind nodeId } }";
/** How far ahead the credential expires: time to subscribe on both transports first. */
const LIFETIME_MS = 2_500;
/** How late after the expiry a stream may end; it ends within milliseconds unloaded. */
const PROMPT_MS = 1_000;
/** How long a stream is waited for past its expiry before the test gives up (it never ended before). */
const GIVE_UP_MS = 20_000;

async function createExpiringKey(api: TestApi, owner: Caller, workspaceId: string) {
  const expiresAt = new Date(Date.now() + LIFETIME_MS);
  const result = await api.gql(
    `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
       __typename ... on CreateApiKeyPayload { secret } ... on Error { message } } }`,
    { input: { workspaceId, name: "expiring", scopes: ["node:read"], expiresAt } },
    owner,
  );
  assert.equal(result.data?.createApiKey?.__typename, "CreateApiKeyPayload", JSON.stringify(result));
  return { token: result.data?.createApiKey.secret as string, expiresAt };
}

/** When `settled` settled (and with what), or null when it had not `ms` after `deadline`. */
function endOf<T>(settled: Promise<T>, deadline: number) {
  return Promise.race([
    settled.then(
      (value) => ({ at: Date.now(), value, error: undefined }),
      (error: Error) => ({ at: Date.now(), value: undefined, error }),
    ),
    new Promise<null>((resolve) => setTimeout(resolve, deadline + GIVE_UP_MS - Date.now(), null)),
  ]);
}

describe("quiet subscriptions end when their credential expires (pglite)", () => {
  const api = useTestApi("pglite");
  let base: string;
  let ws: string;
  let live = 0;

  before(async () => {
    const { port } = await api.server.listen(0, "127.0.0.1");
    base = `http://127.0.0.1:${port}`;
    ws = `ws://127.0.0.1:${port}/graphql`;
  });

  /** Opens a quiet SSE stream and a quiet graphql-ws subscription with `token`, and waits for both to end. */
  async function watchUntilExpired(token: string, workspaceId: string, expiresAt: Date) {
    const deadline = expiresAt.getTime();
    const sse = await sseSubscription(base, { token }, NODE_EVENTS, { w: workspaceId });
    const socket = subscribe(ws, NODE_EVENTS, { w: workspaceId }, { authorization: `Bearer ${token}` });
    try {
      const sseEnd = endOf(sse.next(deadline + GIVE_UP_MS - Date.now()), deadline);
      const socketEnd = endOf(socket.closed as Promise<{ code: number; reason: string }>, deadline);
      await socket.connected;
      await subscriptionsLive(base, ++live);
      assert.ok(Date.now() < deadline, "the streams were set up only after the credential had expired");
      const [sseEnded, socketClosed] = await Promise.all([sseEnd, socketEnd]);
      live--;
      // Its client tells the subscription after the close (an error: the close event) or, had it
      // completed first, told it before.
      if (socketClosed) await socket.completed;
      return { sseEnded, socketClosed, socketErrors: socket.errors, deadline };
    } finally {
      sse.close();
      await socket.dispose();
    }
  }

  /** Ended by the expiry: not before it, and within PROMPT_MS after it. */
  function assertPrompt(what: string, at: number, deadline: number) {
    assert.ok(at >= deadline - 50, `${what} ended ${deadline - at} ms before the credential expired`);
    assert.ok(at - deadline <= PROMPT_MS, `${what} ended ${at - deadline} ms after the credential expired`);
  }

  for (const credential of ["API key", "session"] as const) {
    it(`an expiring ${credential}: the SSE stream completes and the socket is closed 4403, at the expiry`, async () => {
      const owner = await api.signup(`expiring-${credential === "API key" ? "key" : "session"}@example.com`);
      const workspaceId = await createWorkspace(
        api,
        owner,
        `expiring-${credential === "API key" ? "key" : "session"}`,
      );
      let token: string;
      let expiresAt: Date;
      if (credential === "API key") ({ token, expiresAt } = await createExpiringKey(api, owner, workspaceId));
      else {
        // A session lives SESSION_TTL_HOURS: this one is made to end in LIFETIME_MS.
        token = owner.cookie as string;
        expiresAt = new Date(Date.now() + LIFETIME_MS);
        const { count } = await api.server.services.database.prisma.session.updateMany({
          where: { userId: rawId(owner.userId) },
          data: { expiresAt },
        });
        assert.equal(count, 1);
      }
      const { sseEnded, socketClosed, socketErrors, deadline } = await watchUntilExpired(
        token,
        workspaceId,
        expiresAt,
      );

      assert.ok(sseEnded, `the SSE stream was still open ${GIVE_UP_MS} ms after the ${credential} expired`);
      // No event, no error: the stream's own `complete`, as a revoked key's stream ends.
      assert.equal(sseEnded.value, undefined, `an event came: ${JSON.stringify(sseEnded.value)}`);
      assert.match(String(sseEnded.error?.message), /stream ended without an event: event: complete/);
      assertPrompt("the SSE stream", sseEnded.at, deadline);

      assert.ok(socketClosed, `the socket was still open ${GIVE_UP_MS} ms after the ${credential} expired`);
      assert.equal(socketClosed.value?.code, 4403);
      assert.equal(
        socketClosed.value?.reason,
        credential === "API key" ? "API key expired" : "Session expired",
      );
      assertPrompt("the socket", socketClosed.at, deadline);
      // Ended by the close, not completed first: a client that reconnects re-subscribes and is told why.
      assert.equal(socketErrors.length, 1, "the subscription completed before its socket was closed");
    });
  }
});
