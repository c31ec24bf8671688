import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { crowd, realTtls, summaryOf } from "@levee/shared/test-support/summaries";
import { engines } from "./databases.ts";
import { createEnrollmentToken, enrollAgent } from "./fixtures.ts";
import { createWorkspace, useTestApi } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";

/**
 * One second of a UDP flood from a botnet (real TTLs), including a source on a sample reputation
 * feed; with fewer packets, the part of it a ring of packets holds.
 */
function botnetSecond(packets = 60_000, distinctSources = 800) {
  const sources = crowd(distinctSources);
  sources[0] = { ip: "192.0.2.66", packets: 40, bytes: 4000, ttls: [52] };
  return summaryOf({
    protocols: { tcp: 0, udp: packets, icmp: 0, gre: 0, other: 0 },
    distinctSources,
    topSources: sources,
    ttlHistogram: realTtls(packets),
    trackedSources: Math.round(distinctSources * 0.875),
    topSourcePorts: [{ protocol: "UDP", port: 40001, packets: 3 }],
    topDestinationPorts: [{ protocol: "UDP", port: 27015, packets }],
  });
}

for (const engine of engines) {
  describe(`incident classification (${engine})`, () => {
    const api = useTestApi(engine);

    test("capture summaries sent during an incident classify it, with sources enriched by threat intel", async () => {
      const owner = await api.signup(`class-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `class-${engine}`);
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "game-1");
      const t = Date.now() - 60_000;
      const first = await report(api, { token: agent.token }, [sample(t, 60_000)]);
      assert.equal(first.detection.captureRequested, true);
      const during = [1, 2, 3].map((s) => sample(t + s * 1000, 60_000, { capture: botnetSecond() }));
      const r = await report(api, { token: agent.token }, during);
      assert.deepEqual(r.rejected, []);
      const quiet = Array.from({ length: 31 }, (_, i) => sample(t + (4 + i) * 1000, 100));
      await report(api, { token: agent.token }, quiet);
      const read = () =>
        api.gql(
          `query($id: ID!) { node(id: $id) { ... on Incident { status classification {
           family confidence spoofed botnet distinctSources seconds evidence summary
           vectors { family confidence packetsShare }
           topSources { ip knownBad lists { list category } } } } } }`,
          { id: first.detection.incidentId },
          owner,
        );
      // The telemetry answer does not wait for the threat intelligence to load (seconds, the
      // first time in a process): the sources are enriched once it has.
      const deadline = Date.now() + 60_000;
      let { data } = await read();
      while (!data.node.classification?.topSources.some((s: { knownBad: boolean }) => s.knownBad)) {
        if (Date.now() > deadline)
          throw new Error(`sources never enriched: ${JSON.stringify(data.node.classification?.topSources)}`);
        await new Promise((r) => setTimeout(r, 100));
        ({ data } = await read());
      }
      const c = data.node.classification;
      assert.equal(data.node.status, "RESOLVED");
      assert.equal(c.family, "UDP_FLOOD");
      assert.ok(c.confidence >= 90, `confidence ${c.confidence}`);
      assert.equal(c.spoofed, false);
      assert.equal(c.botnet, true);
      assert.equal(c.seconds, 3, "the three captured seconds, merged");
      assert.ok(c.evidence.length > 0);
      assert.match(c.summary, /UDP flood/i);
      const listed = c.topSources.find((s: { ip: string }) => s.ip === "192.0.2.66");
      assert.deepEqual(listed, {
        ip: "192.0.2.66",
        knownBad: true,
        lists: [{ list: "sample-botnet", category: "botnet" }],
      });
    });

    /**
     * A crossing sample with no summary (the agent had no thresholds to judge it by), then a calm
     * one carrying the summary the capture the API's answer started: 500 packets of the burst, over
     * `seconds` up to the calm sample's stamp (1.8: from 0.8 s before the crossing's; 0.9: the calm
     * interval alone). `lateBy` calm samples without one come between (the answer came that many
     * intervals late). The incident once resolved, with its classification.
     */
    async function crossingThenCalm(label: string, seconds: number, lateBy = 0) {
      const owner = await api.signup(`class-${label}-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `class-${label}-${engine}`);
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), label);
      const t = Date.now() - 60_000;
      const first = await report(api, { token: agent.token }, [sample(t, 60_000)]);
      assert.equal(first.detection.captureRequested, true);
      const capture = { ...botnetSecond(500, 400), seconds };
      for (let i = 1; i <= lateBy; i++)
        await report(api, { token: agent.token }, [sample(t + i * 1000, 100)]);
      await report(api, { token: agent.token }, [sample(t + (1 + lateBy) * 1000, 100, { capture })]);
      const quiet = Array.from({ length: 31 }, (_, i) => sample(t + (2 + lateBy + i) * 1000, 100));
      await report(api, { token: agent.token }, quiet);
      const { data } = await api.gql(
        `query($id: ID!) { node(id: $id) { ... on Incident { status classification { family evidence } } } }`,
        { id: first.detection.incidentId },
        owner,
      );
      assert.equal(data.node.status, "RESOLVED");
      return data.node.classification as { family: string; evidence: string[] } | null;
    }

    test("a one-second flood in an agent's first seconds is classified from the ring summary on the next, calm sample", async () => {
      // Its rate is the crossing sample's, not 500 packets over 1.8 s.
      const classification = await crossingThenCalm("first", 1.8);
      assert.equal(classification?.family, "UDP_FLOOD", JSON.stringify(classification));
      assert.ok(
        classification.evidence.some((line) => /60\.0k pps/.test(line)),
        `the crossing sample's rate in the evidence: ${classification.evidence.join(" | ")}`,
      );
    });

    test("a ring summary sent in one batch with a later uncaptured crossing still evidences its own", async () => {
      // An agent's queue sent at once (after an outage): crossing, calm sample with the ring
      // summary reaching back into it, another crossing without a summary, then calm.
      const owner = await api.signup(`class-batch-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `class-batch-${engine}`);
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "batch");
      const t = Date.now() - 60_000;
      const capture = { ...botnetSecond(500, 400), seconds: 1.8 };
      const r = await report(api, { token: agent.token }, [
        sample(t, 60_000),
        sample(t + 1000, 100, { capture }),
        sample(t + 2000, 60_000),
        ...Array.from({ length: 31 }, (_, i) => sample(t + (3 + i) * 1000, 100)),
      ]);
      assert.deepEqual(r.rejected, []);
      const { data } = await api.gql(
        `query($w: ID!) { incidents(workspaceId: $w, first: 5) { edges { node { classification { family } } } } }`,
        { w: workspaceId },
        owner,
      );
      const families = data.incidents.edges.map(
        (e: { node: { classification: { family: string } | null } }) => e.node.classification?.family,
      );
      assert.ok(families.includes("UDP_FLOOD"), JSON.stringify(families));
    });

    test("a summary of the interval after the crossing alone is not taken for the crossing's", async () => {
      assert.equal(await crossingThenCalm("after", 0.9), null);
    });

    test("an answer two intervals late: the summary on a later calm sample that reaches back into the crossing's interval is its evidence", async () => {
      // The agent's capture started 2.5 s after the crossing and summarised the ring from the
      // crossing's interval: 3.8 s up to the sample it rides on, two calm samples later.
      const classification = await crossingThenCalm("late", 3.8, 2);
      assert.equal(classification?.family, "UDP_FLOOD", JSON.stringify(classification));
      assert.ok(
        classification.evidence.some((line) => /60\.0k pps/.test(line)),
        classification.evidence.join(" | "),
      );
      // One that begins after the crossing's stamp (the last interval alone) is not.
      assert.equal(await crossingThenCalm("late-short", 2.9, 2), null);
    });
  });
}
