// A session ended by sign-out or by a password change (which ends the user's other sessions), or
// a membership removed by an admin, was re-checked only before the stream's next event: a quiet
// stream (nodeEvents of a workspace where nothing happens) stayed open for ever for a signed-out
// browser or a removed member. Now each is announced through `credentialsChanged` naming the user,
// as an API key's revocation is: over SSE the stream completes (`event: complete`); a graphql-ws
// socket whose session ended is closed 4403 ("Session ended"), and a removed member's
// subscription completes while the socket (good for the member's other workspaces) stays open.
// Nothing is published on the streams' topics: only the announcement can end them.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { testRedisDatabase } from "./databases.ts";
import { addMember, mutateOk, rawId, sseSubscription } from "./fixtures.ts";
import { type Caller, createWorkspace, PASSWORD, sessionCookieOf, useTestApi } from "./harness.ts";
import { activeSubscriptions, subscribe, subscriptionsLive } from "./ws-client.ts";

const NODE_EVENTS = "subscription($w: ID!) { nodeEvents(workspaceId: $w) { kind nodeId } }";
/** How long a stream is waited for before the test gives up (it never ended before the fix). */
const GIVE_UP_MS = 10_000;
/** In the e-mails: sign-in attempts are counted per account in Redis, which outlives a run. */
const run = randomUUID().slice(0, 8);

/** When `settled` settled (and with what), or null when it had not within GIVE_UP_MS. */
function endOf<T>(settled: Promise<T>) {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    settled.then(
      (value) => ({ value, error: undefined }),
      (error: Error) => ({ value: undefined, error }),
    ),
    new Promise<null>((resolve) => {
      timer = setTimeout(resolve, GIVE_UP_MS, null);
    }),
  ]).finally(() => clearTimeout(timer));
}

for (const mode of ["in-process", "redis"] as const) {
  describe(`quiet streams end when their session or membership ends (pglite, ${mode} pub/sub)`, () => {
    // Redis database 3: this checkout's own (h3), apart from other suites' job queues.
    const api = useTestApi("pglite", mode === "redis" ? { REDIS_URL: testRedisDatabase(3) } : {});
    let base: string;
    let ws: string;

    before(async () => {
      const { port } = await api.server.listen(0, "127.0.0.1");
      base = `http://127.0.0.1:${port}`;
      ws = `ws://127.0.0.1:${port}/graphql`;
    });

    /** Another session of `email`'s user (signing in again), as a second browser has. */
    const signIn = async (email: string): Promise<Caller> => {
      const result = await api.gql(`mutation($input: LoginInput!) { login(input: $input) { __typename } }`, {
        input: { email, password: PASSWORD },
      });
      assert.equal(result.data?.login?.__typename, "SessionPayload", JSON.stringify(result));
      return { cookie: sessionCookieOf(result.cookies) };
    };

    /** A quiet SSE stream and a quiet graphql-ws subscription of `caller` on the workspace, both live. */
    async function watch(caller: Caller, workspaceId: string, live: number) {
      const sse = await sseSubscription(base, caller, NODE_EVENTS, { w: workspaceId });
      const socket = subscribe(
        ws,
        NODE_EVENTS,
        { w: workspaceId },
        { authorization: `Bearer ${caller.cookie}` },
      );
      await socket.connected;
      await subscriptionsLive(base, live);
      // With Redis: once this answers, the SUBSCRIBEs made so far are in place (the
      // announcement is heard, not found by the set-up's own re-read).
      await api.server.services.pubsub.subscribed();
      return {
        sse,
        socket,
        sseEnd: endOf(sse.next(GIVE_UP_MS + 1_000)),
        socketEnd: endOf(socket.closed as Promise<{ code: number; reason: string }>),
      };
    }

    /** The SSE stream completed, with no event and no error. */
    function assertCompleted(sseEnded: Awaited<ReturnType<typeof endOf>>) {
      assert.ok(sseEnded, `the SSE stream was still open ${GIVE_UP_MS} ms after the change`);
      assert.equal(sseEnded.value, undefined, `an event came: ${JSON.stringify(sseEnded.value)}`);
      assert.match(String(sseEnded.error?.message), /stream ended without an event: event: complete/);
    }

    /** The socket was closed 4403 "Session ended", its subscription ended by the close (not completed first). */
    async function assertSessionEnded(watched: Awaited<ReturnType<typeof watch>>) {
      const closed = await watched.socketEnd;
      assert.ok(closed, `the socket was still open ${GIVE_UP_MS} ms after the session ended`);
      assert.equal(closed.value?.code, 4403);
      assert.equal(closed.value?.reason, "Session ended");
      await watched.socket.completed;
      assert.equal(
        watched.socket.errors.length,
        1,
        "the subscription completed before its socket was closed",
      );
    }

    /** A stream left alone still streams: an event published now reaches it. */
    async function assertStillStreaming(socket: ReturnType<typeof subscribe>, workspaceId: string) {
      api.server.services.pubsub.publish("nodeEvents", rawId(workspaceId), {
        kind: "UPDATED",
        nodeId: "n",
        name: "n",
        at: new Date().toISOString(),
      });
      await socket.waitFor(1, GIVE_UP_MS);
      assert.equal(socket.errors.length, 0);
    }

    async function untilNoSubscription() {
      for (const giveUpAt = Date.now() + GIVE_UP_MS; (await activeSubscriptions(base)) > 0; await sleep(20))
        assert.ok(Date.now() < giveUpAt, "subscriptions still streaming after their sockets were disposed");
    }

    it("sign-out: its SSE stream completes and its socket is closed 4403; another session's go on", async () => {
      const email = `sign-out-${mode}-${run}@example.com`;
      const user = await api.signup(email);
      const workspaceId = await createWorkspace(api, user, `sign-out-${mode}`);
      const otherBrowser = await signIn(email);
      const bystander = subscribe(
        ws,
        NODE_EVENTS,
        { w: workspaceId },
        { authorization: `Bearer ${otherBrowser.cookie}` },
      );
      const watched = await watch(user, workspaceId, 2);
      try {
        const out = await api.gql("mutation { logout }", {}, user);
        assert.equal(out.data?.logout, true, JSON.stringify(out));
        assertCompleted(await watched.sseEnd);
        await assertSessionEnded(watched);
        await assertStillStreaming(bystander, workspaceId);
      } finally {
        watched.sse.close();
        await Promise.all([watched.socket.dispose(), bystander.dispose()]);
        await untilNoSubscription();
      }
    });

    it("a password change: the user's other sessions' streams end; the changing session's go on", async () => {
      const email = `password-${mode}-${run}@example.com`;
      const user = await api.signup(email);
      const workspaceId = await createWorkspace(api, user, `password-${mode}`);
      const changing = await signIn(email);
      const bystander = subscribe(
        ws,
        NODE_EVENTS,
        { w: workspaceId },
        { authorization: `Bearer ${changing.cookie}` },
      );
      const watched = await watch(user, workspaceId, 2);
      try {
        const changed = await mutateOk(
          api,
          changing,
          "changePassword",
          { currentPassword: PASSWORD, newPassword: `${PASSWORD}-renewed` },
          "... on ChangePasswordPayload { otherSessionsEnded }",
        );
        assert.equal(changed.otherSessionsEnded, 1);
        assertCompleted(await watched.sseEnd);
        await assertSessionEnded(watched);
        await assertStillStreaming(bystander, workspaceId);
      } finally {
        watched.sse.close();
        await Promise.all([watched.socket.dispose(), bystander.dispose()]);
        await untilNoSubscription();
      }
    });

    it("a member removed: its streams of the workspace complete; its socket stays open for its own workspace", async () => {
      const owner = await api.signup(`remover-${mode}-${run}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `removal-${mode}`);
      const member = await addMember(
        api,
        owner,
        workspaceId,
        `removed-${mode}-${run}@example.com`,
        "READONLY",
      );
      const ownWorkspace = await createWorkspace(api, member, `removed-own-${mode}`);
      const watched = await watch(member, workspaceId, 1);
      try {
        await mutateOk(
          api,
          owner,
          "removeMember",
          { membershipId: member.membershipId },
          "... on RemoveMemberPayload { __typename }",
        );
        assertCompleted(await watched.sseEnd);
        const completed = await endOf(watched.socket.completed);
        assert.ok(completed, `the subscription was still streaming ${GIVE_UP_MS} ms after the removal`);
        assert.equal(watched.socket.errors.length, 0, "the socket was closed: the session did not end");
        // The same socket still serves the member's own workspace.
        const own = watched.socket.another(NODE_EVENTS, { w: ownWorkspace });
        await subscriptionsLive(base, 1);
        await api.server.services.pubsub.subscribed();
        api.server.services.pubsub.publish("nodeEvents", rawId(ownWorkspace), {
          kind: "UPDATED",
          nodeId: "n",
          name: "n",
          at: new Date().toISOString(),
        });
        assert.ok((await own).event, "the member's socket no longer streams its own workspace");
      } finally {
        watched.sse.close();
        await watched.socket.dispose();
        await untilNoSubscription();
      }
    });
  });
}
