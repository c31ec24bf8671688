// An agent's socket skips parsing and validating its report document once that text passed
// both (http/persisted-operations.ts). These check that the skipping answers exactly as the
// full path does: one agent sends the known text (the fast path after its first call), another
// sends the same document with whitespace that makes every call a new text (parsed and
// validated each time); their answers must be the same, valid input or not, and a revoked key
// is refused the same way on both. The known text is also executed outside envelop
// (http/agent-reports.ts), so both must be counted in the operations metric alike.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { SocketChannel, type SocketReply } from "../../agent/src/transport/socket-channel.ts";
import { createEnrollmentToken, enrollAgent, mutateOk, rawId } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";
import { REPORT, sample } from "./telemetry-client.ts";

describe("an agent's known report document over graphql-ws answers as a parsed one does", () => {
  const api = useTestApi("pglite");
  let owner: Caller;
  let url: string;
  const agents: { nodeId: string; keyId: string; token: string; channel: SocketChannel }[] = [];
  let call = 0;

  /** The same samples from both agents: the known text from the first, a new text from the second. */
  async function bothWays(samples: unknown[]): Promise<[SocketReply, SocketReply]> {
    const [known, fresh] = agents as [(typeof agents)[number], (typeof agents)[number]];
    call++;
    return Promise.all([
      known.channel.request(REPORT, { samples }),
      fresh.channel.request(`${REPORT}${" ".repeat(call)}`, { samples }),
    ]);
  }

  const stored = (nodeId: string) =>
    api.server.services.database.prisma.trafficSample.count({ where: { nodeId: rawId(nodeId) } });

  before(async () => {
    const { port } = await api.server.listen(0, "127.0.0.1");
    url = `ws://127.0.0.1:${port}/graphql`;
    owner = await api.signup("persisted@example.com");
    const workspaceId = await createWorkspace(api, owner, "persisted");
    for (const host of ["known", "fresh"]) {
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), host);
      const channel = new SocketChannel({
        url,
        authorization: () => `Bearer ${agent.token}`,
        userAgent: "levee-test",
        timeoutMs: 30_000,
      });
      agents.push({ ...agent, channel });
    }
    // The known agent's first report is parsed and validated; from then on its text is known.
    const [first] = await bothWays([sample(Date.now() - 10_000, 100)]);
    assert.equal((first.data?.reportTelemetry as { accepted?: number })?.accepted, 1, JSON.stringify(first));
  });
  after(() => {
    for (const { channel } of agents) channel.close();
  });

  const now = Date.now();
  const cases: [string, unknown[]][] = [
    ["valid samples", [sample(now - 5000, 100), sample(now - 4000, 120)]],
    ["samples the resolver rejects by path", [sample(now - 3000, 100, { rxPps: -5 }), sample(now - 2000, 1)]],
    ["a rate that is a string (variables that do not coerce)", [sample(now - 1500, 1, { rxPps: "many" })]],
    ["an unknown field", [sample(now - 1400, 1, { color: "red" })]],
    ["a null in the list", [sample(now - 1300, 1), null]],
    ["more samples than one call may carry", Array.from({ length: 2001 }, (_, i) => sample(now - i, 1))],
  ];
  for (const [name, samples] of cases)
    it(name, async () => {
      const [known, fresh] = await bothWays(samples);
      assert.deepEqual(known, fresh);
    });

  it("both are counted in the operations metric", async () => {
    const counted = async () => {
      const text = await (await fetch(url.replace(/^ws/, "http").replace(/\/graphql$/, "/metrics"))).text();
      const line = text
        .split("\n")
        .find(
          (l) =>
            l.startsWith("levee_graphql_operations_total{") &&
            l.includes('operation="reportTelemetry"') &&
            l.includes('outcome="ok"'),
        );
      return Number(line?.split(" ").at(-1) ?? 0);
    };
    const before = await counted();
    const [known, fresh] = await bothWays([sample(Date.now() - 1200, 100)]);
    assert.deepEqual(known, fresh);
    assert.equal(await counted(), before + 2);
  });

  it("no samples at all", async () => {
    const [known, fresh] = agents as [(typeof agents)[number], (typeof agents)[number]];
    const [a, b] = await Promise.all([
      known.channel.request(REPORT, {}),
      fresh.channel.request(`${REPORT}${" ".repeat(++call)}`, {}),
    ]);
    assert.ok(a.errors?.length, JSON.stringify(a));
    assert.deepEqual(a, b);
  });

  it("a revoked key is refused the same way, and nothing more is stored", async () => {
    const before = await Promise.all(agents.map((a) => stored(a.nodeId)));
    assert.equal(before[0], before[1], "both nodes stored the same samples");
    for (const { keyId } of agents)
      await mutateOk(
        api,
        owner,
        "revokeApiKey",
        { apiKeyId: keyId },
        "... on ApiKeyPayload { apiKey { id } }",
      );
    const outcome = (reply: Promise<SocketReply>) =>
      reply.then(
        (answer) => ({ answered: answer.errors?.map((e) => e.extensions?.code) }),
        (error: Error & { reason?: string }) => ({ failed: error.reason }),
      );
    const samples = [sample(Date.now() - 500, 1)];
    const [known, fresh] = await Promise.all([
      outcome((agents[0] as (typeof agents)[number]).channel.request(REPORT, { samples })),
      outcome(
        (agents[1] as (typeof agents)[number]).channel.request(`${REPORT}${" ".repeat(++call)}`, { samples }),
      ),
    ]);
    assert.deepEqual(known, fresh);
    assert.ok(!("answered" in known) || known.answered?.includes("UNAUTHENTICATED"), JSON.stringify(known));
    assert.deepEqual(await Promise.all(agents.map((a) => stored(a.nodeId))), before);
  });
});
