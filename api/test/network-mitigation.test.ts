import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { after, before, describe, it } from "node:test";
import { mitigationRuntime } from "../src/mitigation/network/mitigation-runtime.ts";
import { createTenant, errorCode, mutate, mutateOk, rawId, type Tenant } from "./fixtures.ts";
import { useTestApi } from "./harness.ts";
import { BgpLab, bgpLabUnavailable, waitFor } from "./support/bgp-lab.ts";
import { REPORT, sample } from "./telemetry-client.ts";

const skip = process.env.CI ? false : bgpLabUnavailable();
const RULE = "... on AnnounceMitigationPayload { outcome failures rule { id state level rule } }";

/**
 * The whole path through the API: configuration in GraphQL (credentials sealed), an incident
 * opening a rule on a real GoBGP speaker seen by a BIRD receiver, manual announce and withdraw,
 * guardrails, the audit chain, and withdrawal when the incident resolves.
 */
describe("network mitigation through the API", { skip, concurrency: false, timeout: 240_000 }, () => {
  const api = useTestApi("postgres", {
    NETWORK_MITIGATION_ALLOWED_PREFIXES: "203.0.113.0/24",
    NETWORK_MITIGATION_SPEAKER_ENDPOINTS: `${tmpdir()}/`,
  });
  let lab: BgpLab;
  let t: Tenant;
  before(async () => {
    lab = new BgpLab();
    lab.startReceiver();
    lab.startGoBgp();
    t = await createTenant(api, "netmit");
  });
  after(async () => {
    await lab?.close();
  });

  it("configures speakers, providers and prefixes; credentials are sealed and never returned", async () => {
    const bad = await mutate(api, t.owner, "updateNetworkMitigation", {
      workspaceId: t.workspaceId,
      speakers: [{ name: "edge", kind: "GOBGP", endpoint: "10.0.0.1:50051" }],
      prefixes: ["203.0.113.0/33"],
      policy: { ttlSeconds: 5 },
    });
    assert.equal(bad.payload?.__typename, "ValidationError");
    assert.match(bad.payload?.message, /allowed speaker endpoints/);
    assert.match(bad.payload?.message, /prefix/);
    assert.match(bad.payload?.message, /ttlSeconds/);
    const analyst = await mutate(api, t.member, "updateNetworkMitigation", {
      workspaceId: t.workspaceId,
      safelist: [],
    });
    assert.equal(analyst.payload?.__typename, "ForbiddenError");

    const ok = await mutateOk(
      api,
      t.owner,
      "updateNetworkMitigation",
      {
        workspaceId: t.workspaceId,
        prefixes: ["203.0.113.0/24", "198.51.100.0/24"],
        safelist: ["203.0.113.53"],
        speakers: [{ name: "edge", kind: "GOBGP", endpoint: `unix://${lab.path("gobgp.sock")}` }],
        providers: [
          {
            name: "soc",
            kind: "WEBHOOK",
            settings: { url: "http://127.0.0.1:9/hook" },
            credentials: { secret: "very-secret-value" },
          },
        ],
        policy: {
          maxLevel: "DISCARD",
          steps: [{ level: "RATE_LIMIT", afterSeconds: 0, minPps: 0, minBps: 0 }],
          rateLimitBytesPerSecond: 125000,
        },
      },
      "... on UpdateNetworkMitigationPayload { networkMitigation { prefixes { prefix verified note } providers { name hasCredentials settings } maxActiveRules announcementsPerMinute } }",
    );
    const { prefixes, providers } = ok.networkMitigation;
    // The quotas read back (defaults here), so the dashboard's settings form starts from the stored values.
    assert.equal(ok.networkMitigation.maxActiveRules, 100);
    assert.equal(ok.networkMitigation.announcementsPerMinute, 20);
    assert.deepEqual(
      prefixes.map((p: any) => [p.prefix, p.verified]),
      [
        ["198.51.100.0/24", false],
        ["203.0.113.0/24", true],
      ],
    );
    assert.deepEqual(providers, [
      { name: "soc", hasCredentials: true, settings: { url: "http://127.0.0.1:9/hook" } },
    ]);
    const row = await api.server.services.database.prisma.networkMitigationConfig.findUniqueOrThrow({
      where: { workspaceId: rawId(t.workspaceId) },
    });
    assert.ok(!JSON.stringify(row).includes("very-secret-value"), "sealed at rest");
    // Only the webhook's handler gets traffic from here on; drop it so the lab stays the only target.
    await mutateOk(
      api,
      t.owner,
      "updateNetworkMitigation",
      { workspaceId: t.workspaceId, providers: [] },
      "__typename",
    );
  });

  it("an incident opens a FlowSpec rule on the speaker, and its resolution withdraws it", async () => {
    await lab.sessionUp();
    const { prisma } = api.server.services.database;
    await prisma.node.update({
      where: { id: rawId(t.agent.nodeId) },
      data: { ownedPrefixes: ["203.0.113.10/32"] },
    });
    // Growth of the open incident publishes UPDATED; the incident-event job asks for a rule.
    await api.gql(REPORT, { samples: [sample(Date.now() - 500, 500_000)] }, { token: t.agent.token });
    await waitFor(
      () => lab.received().some((r) => r.net.includes("dst 203.0.113.10/32")),
      "incident rule at the receiver",
    );
    const route = lab.received().find((r) => r.net.includes("dst 203.0.113.10/32"));
    assert.ok(
      route?.attributes.some((a) => a.includes("(generic, 0x80060000, 0x47f42400)")),
      "rate-limit 125000 B/s",
    );
    const rules = await prisma.networkMitigationRule.findMany({
      where: { workspaceId: rawId(t.workspaceId) },
    });
    assert.deepEqual(
      rules.map((r) => [r.level, r.state, r.incidentIds]),
      [["RATE_LIMIT", "ANNOUNCED", [rawId(t.incidentId)]]],
    );
    await mitigationRuntime(api.server.services).onIncidentEvent({
      kind: "RESOLVED",
      incidentId: rawId(t.incidentId),
      nodeId: rawId(t.agent.nodeId),
      workspaceId: rawId(t.workspaceId),
      at: new Date().toISOString(),
    });
    await waitFor(
      () => !lab.received().some((r) => r.net.includes("203.0.113.10")),
      "withdrawn on resolution",
    );
    const after = await prisma.networkMitigationRule.findFirstOrThrow({
      where: { workspaceId: rawId(t.workspaceId) },
    });
    assert.equal(after.withdrawReason, "incident resolved");
  });

  it("announces and withdraws by hand, refuses rules outside the verified prefixes, and audits every call", async () => {
    const announced = await mutateOk(
      api,
      t.owner,
      "announceMitigation",
      { workspaceId: t.workspaceId, kind: "RTBH", destination: "203.0.113.20", ttlSeconds: 600 },
      RULE,
    );
    assert.equal(announced.outcome, "QUEUED");
    assert.deepEqual(announced.failures, []);
    await waitFor(
      () => lab.received().some((r) => r.net.startsWith("203.0.113.20/32")),
      "RTBH at the receiver",
    );
    const again = await mutateOk(
      api,
      t.owner,
      "announceMitigation",
      { workspaceId: t.workspaceId, kind: "RTBH", destination: "203.0.113.20/32", ttlSeconds: 900 },
      RULE,
    );
    assert.equal(again.outcome, "MERGED");
    assert.equal(again.rule.id, announced.rule.id);

    for (const [destination, pattern] of [
      ["198.51.100.5", /outside the workspace's verified prefixes/],
      ["203.0.113.53", /safelisted/],
      ["203.0.113.0/28", /must be a \/32 unless the rule is escalated/],
      ["203.0.113.300", /not an IP address/],
    ] as const) {
      const refused = await mutate(api, t.owner, "announceMitigation", {
        workspaceId: t.workspaceId,
        kind: "RTBH",
        destination,
        ttlSeconds: 600,
      });
      assert.equal(refused.payload?.__typename, "ValidationError", destination);
      assert.match(refused.payload?.message, pattern);
    }
    const badCommunity = await mutate(api, t.owner, "announceMitigation", {
      workspaceId: t.workspaceId,
      kind: "RTBH",
      destination: "203.0.113.21",
      communities: ["65536:1"],
      ttlSeconds: 600,
    });
    assert.match(badCommunity.payload?.message, /input\.communities\.0/);
    assert.equal(
      (
        await mutate(api, t.integration, "announceMitigation", {
          workspaceId: t.workspaceId,
          kind: "RTBH",
          destination: "203.0.113.22",
          ttlSeconds: 600,
        })
      ).payload?.__typename,
      "ForbiddenError",
    );

    const withdrawn = await mutateOk(
      api,
      t.owner,
      "withdrawMitigation",
      { ruleId: announced.rule.id },
      "... on WithdrawMitigationPayload { rule { state withdrawReason } failures }",
    );
    assert.deepEqual(withdrawn.rule, { state: "WITHDRAWN", withdrawReason: "withdrawn by an operator" });
    await waitFor(() => !lab.received().some((r) => r.net.startsWith("203.0.113.20/32")), "RTBH withdrawn");

    const query = `query($w: ID!) { networkMitigation(workspaceId: $w) { rules { state level } }
      auditLog(workspaceId: $w, first: 100) { edges { node { action summary } } } verifyAuditChain(workspaceId: $w) { valid } }`;
    const { data } = await api.gql(query, { w: t.workspaceId }, t.owner);
    assert.equal(data.verifyAuditChain.valid, true);
    const calls = data.auditLog.edges
      .map((e: any) => e.node)
      .filter((n: any) => n.action.startsWith("mitigation."));
    const actions = calls.map((c: any) => c.action);
    for (const action of ["mitigation.configure", "mitigation.announce", "mitigation.withdraw"])
      assert.ok(actions.includes(action), action);
    const rtbh = calls.find(
      (c: any) => c.action === "mitigation.announce" && c.summary.request?.family === "ipv4-unicast",
    );
    assert.equal(rtbh.summary.request.method, "AddPath");
    assert.deepEqual(rtbh.summary.request.communities, ["65535:666", "no-export"]);
    assert.ok(!JSON.stringify(data).includes("very-secret-value"));
    assert.equal(
      errorCode(
        await mutate(api, t.owner, "withdrawMitigation", {
          ruleId: "TWl0aWdhdGlvblJ1bGU6MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw",
        }),
      ),
      "NOT_FOUND",
    );
  });
  it("bad input: malformed prefixes, communities, ASNs and rates, and an unreachable speaker give clear errors; no route without a record", async () => {
    const { prisma } = api.server.services.database;
    const workspaceId = rawId(t.workspaceId);
    // Manual rules only: an earlier case's incident event may still add its own rule meanwhile.
    const rulesBefore = await prisma.networkMitigationRule.count({ where: { workspaceId, manual: true } });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ kind: "RTBH", destination: "203.0.113.5/33" }, /input\.prefix|input\.destination/],
      [{ kind: "RTBH", destination: "203.0.113.1/24", escalated: true }, /host bits|not a network/i],
      [{ kind: "RTBH", destination: "2001:db8::zz" }, /not an IP address/],
      [
        { kind: "RTBH", destination: "203.0.113.5", communities: ["65001"] },
        /input\.communities\.0.*not a community/,
      ],
      [{ kind: "RTBH", destination: "203.0.113.5", communities: ["65536:1"] }, /input\.communities\.0/],
      [
        { kind: "RTBH", destination: "203.0.113.5", communities: ["4294967296:1:1"] },
        /input\.communities\.0.*large community/,
      ],
      [{ kind: "RTBH", destination: "203.0.113.5", communities: ["AS65001:1"] }, /input\.communities\.0/],
      [{ kind: "FLOWSPEC", destination: "203.0.113.5", rateBytesPerSecond: -1 }, /input\.rateBytesPerSecond/],
      [
        { kind: "FLOWSPEC", destination: "203.0.113.5", rateBytesPerSecond: 1e15 },
        /input\.rateBytesPerSecond/,
      ],
      [
        {
          kind: "FLOWSPEC",
          destination: "203.0.113.5",
          protocols: [1],
          destinationPorts: [{ from: 53, to: 53 }],
        },
        /ports only apply/,
      ],
      [
        {
          kind: "FLOWSPEC",
          destination: "203.0.113.5",
          protocols: [17],
          sourcePorts: [{ from: 10, to: 70000 }],
        },
        /input\.match\.sourcePorts|input\.sourcePorts/,
      ],
    ];
    for (const [input, pattern] of cases) {
      const refused = await mutate(api, t.owner, "announceMitigation", {
        workspaceId: t.workspaceId,
        ttlSeconds: 600,
        ...input,
      });
      assert.equal(refused.payload?.__typename, "ValidationError", JSON.stringify(input));
      assert.match(refused.payload?.message, pattern, JSON.stringify(input));
    }
    const badPolicy = await mutate(api, t.owner, "updateNetworkMitigation", {
      workspaceId: t.workspaceId,
      policy: { rateLimitBytesPerSecond: 10 },
    });
    assert.match(badPolicy.payload?.message, /rateLimitBytesPerSecond.*at least 1000/);
    assert.equal(
      await prisma.networkMitigationRule.count({ where: { workspaceId, manual: true } }),
      rulesBefore,
    );

    // A second speaker nobody runs: the call fails with a clear error, kept on the rule and in
    // the audit chain; the rule stays intended for reconciliation; the live speaker has it.
    await mutateOk(
      api,
      t.owner,
      "updateNetworkMitigation",
      {
        workspaceId: t.workspaceId,
        speakers: [
          { name: "edge", kind: "GOBGP", endpoint: `unix://${lab.path("gobgp.sock")}` },
          { name: "gone", kind: "GOBGP", endpoint: `unix://${lab.path("nobody.sock")}` },
        ],
      },
      "__typename",
    );
    const partly = await mutateOk(
      api,
      t.owner,
      "announceMitigation",
      { workspaceId: t.workspaceId, kind: "FLOWSPEC", destination: "203.0.113.30", ttlSeconds: 600 },
      RULE,
    );
    assert.equal(partly.failures.length, 1);
    assert.match(partly.failures[0], /gone|nobody\.sock/);
    assert.match(partly.failures[0], /unreachable|deadline|UNAVAILABLE|No connection/i);
    const rule = await prisma.networkMitigationRule.findUniqueOrThrow({
      where: { id: rawId(partly.rule.id) },
    });
    assert.equal(rule.state, "ANNOUNCED");
    assert.match(rule.lastError ?? "", /nobody\.sock|gone/);
    await waitFor(
      () => lab.received().some((r) => r.net.includes("dst 203.0.113.30/32")),
      "rule on the live speaker",
    );
    // Every route at the receiver belongs to a stored, announced rule. Routes are read first:
    // a rule is stored before its call, so one announced meanwhile (the 5 s tick re-evaluates open
    // incidents) is in the database by the time it is read.
    const routes = lab.received();
    const live = await prisma.networkMitigationRule.findMany({ where: { workspaceId, state: "ANNOUNCED" } });
    const destinations = live.map(
      (r) => (r.intent as { match?: { destination?: string } }).match?.destination,
    );
    for (const route of routes)
      assert.ok(
        destinations.some((d) => d && route.net.includes(`dst ${d};`)),
        `${route.net} has no announced rule`,
      );
  });
});
