// An integrator's natural first query — a page of incidents with their timelines — was refused
// QUERY_TOO_EXPENSIVE at the default page size (50): each timeline was priced at 1,000 points
// whatever it held. Timelines now return at most timeline(maxPoints:) points (300 by default),
// priced at what is asked; every point of 50 hour-long timelines is still refused.
import assert from "node:assert/strict";
import { AsyncLocalStorage } from "node:async_hooks";
import { before, describe, it } from "node:test";
import { createIntegrationKey, createNode, rawId } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";

const HOUR = 3_600;
const INCIDENTS = 50;

const NATURAL = `query($w: ID!) { incidents(workspaceId: $w) { edges { node {
  id status severity startedAt endedAt durationSeconds peakPps peakBps triggerMetrics
  node { id name } timeline { ts rxPps rxBps } } } pageInfo { hasNextPage endCursor } } }`;

describe("incidents with their timelines, as an integrator first asks for them (pglite)", () => {
  const api = useTestApi("pglite");
  let key: Caller;
  let workspaceId: string;
  /** Set around the counted request only (periodic jobs share the process and the client). */
  const counting = new AsyncLocalStorage<boolean>();
  let queries = 0;

  before(async () => {
    const owner = await api.signup("timelines@example.com");
    workspaceId = await createWorkspace(api, owner, "timelines");
    const nodeId = rawId(await createNode(api, owner, workspaceId, "edge-1"));
    key = {
      token: (await createIntegrationKey(api, owner, workspaceId, ["incident:read", "node:read"])).token,
    };
    const { prisma } = api.server.services.database;
    const start = Math.floor(Date.now() / 1000) - INCIDENTS * 2 * HOUR;
    const attack = await prisma.attack.create({
      data: { workspaceId: rawId(workspaceId), startedAt: new Date(start * 1000) },
    });
    // Hour-long incidents, resolved: each timeline holds the most a timeline can (3,600 points).
    await prisma.incident.createMany({
      data: Array.from({ length: INCIDENTS }, (_, n) => {
        const startedAt = start + n * 2 * HOUR;
        const timeline = Array.from({ length: HOUR }, (_, s) => [startedAt + s, 50_000 + s, 4e8 + s]);
        return {
          workspaceId: rawId(workspaceId),
          nodeId,
          attackId: attack.id,
          status: "RESOLVED" as const,
          severity: "HIGH" as const,
          startedAt: new Date(startedAt * 1000),
          lastAttackAt: new Date((startedAt + HOUR) * 1000),
          endedAt: new Date((startedAt + HOUR + 30) * 1000),
          peakPps: 50_000 + HOUR,
          peakBps: 4e8 + HOUR,
          triggerMetrics: ["PPS" as const],
          thresholds: {},
          timeline,
        };
      }),
    });
    const database = api.server.services.database;
    const base = database.prisma;
    database.prisma = base.$extends({
      query: {
        async $allOperations({ args, query }) {
          if (counting.getStore()) queries++;
          return query(args);
        },
      },
    }) as unknown as typeof base;
  });

  it("the default page (50) with timelines is answered, 300 points each, in one query for the page", async () => {
    queries = 0;
    const started = performance.now();
    const result = await counting.run(true, () => api.gql(NATURAL, { w: workspaceId }, key));
    const ms = Math.round(performance.now() - started);
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const edges = result.data.incidents.edges as { node: { timeline: { ts: string }[] } }[];
    assert.equal(edges.length, INCIDENTS);
    for (const { node } of edges) assert.equal(node.timeline.length, 300);
    // The timeline is a column of the incident's row: the page and its nodes, not one query per incident.
    assert.ok(queries <= 3, `${queries} database queries for the page`);
    console.log(`# 50 incidents × 300 timeline points: ${ms} ms, ${queries} queries`);
  });

  it("a timeline's every point is there for the asking, one incident at a time", async () => {
    const query = `query($w: ID!) { incidents(workspaceId: $w, first: 1) { edges { node {
      timeline(maxPoints: 3600) { ts rxPps rxBps } } } } }`;
    const result = await api.gql(query, { w: workspaceId }, key);
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.equal(result.data.incidents.edges[0].node.timeline.length, HOUR);
  });

  it("every point of 50 full timelines is still refused, as a larger page with the default is", async () => {
    const all = NATURAL.replace("timeline {", "timeline(maxPoints: 3600) {");
    const page200 = NATURAL.replace("incidents(workspaceId: $w)", "incidents(workspaceId: $w, first: 200)");
    for (const query of [all, page200]) {
      const result = await api.gql(query, { w: workspaceId }, key);
      assert.equal(result.errors?.[0]?.extensions?.code, "QUERY_TOO_EXPENSIVE", JSON.stringify(result));
    }
    const outOfRange = await api.gql(
      `query($w: ID!) { incidents(workspaceId: $w, first: 1) { edges { node { timeline(maxPoints: 0) { ts } } } } }`,
      { w: workspaceId },
      key,
    );
    assert.equal(outOfRange.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", JSON.stringify(outOfRange));
  });
});
