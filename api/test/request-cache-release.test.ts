// Each finished query and mutation drops its scope-auth cache (http/request-cache-release.ts):
// over HTTP through yoga's plugins, and for an agent's report on its socket, which runs outside
// envelop (http/agent-reports.ts). Left in Pothos's WeakMap, each operation's cache and context
// went to V8's old generation to wait for a full collection.
import assert from "node:assert/strict";
import { after, before, describe, it, mock } from "node:test";
import { RequestCache } from "@pothos/plugin-scope-auth";
import { SocketChannel } from "../../agent/src/transport/socket-channel.ts";
import { createEnrollmentToken, enrollAgent, rawId } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";
import { REPORT, sample } from "./telemetry-client.ts";

type Principal = { kind?: string; userId?: string; nodeId?: string };

describe("a finished operation's scope cache is dropped", () => {
  const api = useTestApi("pglite");
  let owner: Caller & { userId: string };
  let channel: SocketChannel;
  let agentNodeId: string;
  const cleared = mock.method(RequestCache, "clearForContext");
  const principals = () =>
    cleared.mock.calls.map((call) => (call.arguments[0] as { principal?: Principal }).principal);

  before(async () => {
    const { port } = await api.server.listen(0, "127.0.0.1");
    owner = await api.signup("cache-release@example.com");
    const workspaceId = await createWorkspace(api, owner, "cache-release");
    const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "cache-host");
    agentNodeId = agent.nodeId;
    channel = new SocketChannel({
      url: `ws://127.0.0.1:${port}/graphql`,
      authorization: () => `Bearer ${agent.token}`,
      userAgent: "levee-test",
      timeoutMs: 30_000,
    });
  });
  after(() => {
    channel?.close();
    cleared.mock.restore();
  });

  it("over HTTP, once the query has its result, for that request's context", async () => {
    cleared.mock.resetCalls();
    const res = await api.gql("{ me { email } }", {}, owner);
    assert.equal(res.data?.me?.email, "cache-release@example.com", JSON.stringify(res));
    const mine = principals().filter((p) => p?.kind === "user");
    assert.equal(mine.length, 1, JSON.stringify(principals()));
  });

  it("for an agent's report on its socket (run outside envelop), every call", async () => {
    cleared.mock.resetCalls();
    // The first report of a text is parsed and validated; the later ones take the known path.
    for (let i = 0; i < 3; i++) {
      const reply = await channel.request(REPORT, { samples: [sample(Date.now() - 10_000 + i * 1000, 100)] });
      const accepted = (reply.data?.reportTelemetry as { accepted?: number } | undefined)?.accepted;
      assert.equal(accepted, 1, JSON.stringify(reply));
    }
    const agents = principals().filter((p) => p?.kind === "agent");
    assert.equal(agents.length, 3, JSON.stringify(principals()));
    assert.ok(
      agents.every((p) => p?.nodeId === rawId(agentNodeId)),
      JSON.stringify(agents),
    );
  });
});
