import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ApiProcess, waitFor } from "../../agent/test/support/api-process.ts";
import { engines } from "./databases.ts";
import { pcapBytes } from "./support/pcap-file.test-data.ts";
import { REPORT, sample } from "./telemetry-client.ts";
import { subscribe } from "./ws-client.ts";

const ENROLL = `mutation($input: EnrollAgentInput!) { enrollAgent(input: $input) {
  ... on EnrollAgentPayload { node { id } agentKey } ... on Error { code message } } }`;
const TRAFFIC = `query($id: ID!, $from: DateTime!, $to: DateTime!, $resolution: TrafficResolution) {
  node(id: $id) { ... on MonitoredNode { traffic(from: $from, to: $to, resolution: $resolution) {
    points { ts samples } } } } }`;
const UPLOAD = `mutation($input: UploadIncidentCaptureInput!, $file: File!) {
  uploadIncidentCapture(input: $input, file: $file) {
    __typename ... on IncidentCapturePayload { capture { packets } } ... on Error { code message } } }`;
const PCAP = `query($id: ID!) { node(id: $id) { ... on Incident { pcap { packets downloadUrl } } } }`;

/**
 * The API as a real process, killed with SIGKILL while agents write, then started again on the
 * same database (PostgreSQL) or data folder (embedded): nothing it acknowledged is lost and every
 * part — ingest, rollups, detection, subscriptions, evidence — works afterwards.
 */
for (const engine of engines) {
  describe(`API process killed and restarted (${engine})`, () => {
    let api: ApiProcess;
    let owner: { cookie: string; workspaceId: string };
    let agent: { nodeId: string; token: string };
    before(async () => {
      api = await ApiProcess.create({}, engine);
      await api.start();
      const { token, cookie, workspaceId } = await api.enrollmentToken();
      owner = { cookie, workspaceId };
      const enrolled = await api.gql(ENROLL, { input: { token, hostname: "kill-1", agentVersion: "1.0.0" } });
      const payload = enrolled.body.data?.enrollAgent;
      assert.ok(payload?.agentKey, JSON.stringify(enrolled.body));
      agent = { nodeId: payload.node.id, token: payload.agentKey };
    });
    after(() => api?.destroy());

    const report = async (samples: unknown[]) => {
      const result = await api.gql(REPORT, { samples }, { token: agent.token });
      return result.body.data?.reportTelemetry as Record<string, any>;
    };
    const storedSeconds = async (from: number, to: number, resolution = "SECOND") => {
      const result = await api.gql(
        TRAFFIC,
        { id: agent.nodeId, from: new Date(from), to: new Date(to), resolution },
        { cookie: owner.cookie },
      );
      const points = result.body.data?.node?.traffic?.points as { ts: string; samples: number }[];
      assert.ok(points, JSON.stringify(result.body));
      return points;
    };

    test("SIGKILL mid-write keeps every acknowledged sample; ingest, rollups, detection, subscriptions and evidence work after the restart", async () => {
      // Four writers, one sample a call, until the process dies under them: the writer that sees
      // the 20th acknowledgement kills it at once, while the others' calls are in flight.
      const minute = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;
      const acknowledged = new Set<number>();
      let next = 0;
      let dead = false;
      let killed: Promise<void> | undefined;
      const writer = async () => {
        while (!dead && next < 60) {
          const ts = minute + next++ * 1000;
          const result = await report([sample(ts, 2000)]).catch(() => undefined);
          if (result?.accepted === 1) acknowledged.add(ts);
          else if (!result) dead = true;
          if (acknowledged.size >= 20) killed ??= api.kill("SIGKILL");
        }
      };
      await Promise.all([writer(), writer(), writer(), writer()]);
      await killed;
      assert.ok(dead, "killed while writing: later calls failed");
      assert.ok(acknowledged.size >= 20 && acknowledged.size < 60);

      await api.start();
      const stored = new Set((await storedSeconds(minute, minute + 60_000)).map((p) => Date.parse(p.ts)));
      for (const ts of acknowledged) assert.ok(stored.has(ts), `acknowledged sample ${new Date(ts)} kept`);

      // The agent's retry of everything it was unsure of, then the rest of the minute: stored once.
      const rest = Array.from({ length: 60 }, (_, i) => minute + i * 1000).filter(
        (t) => !acknowledged.has(t),
      );
      const resent = await report(rest.map((ts) => sample(ts, 2000)));
      assert.equal(resent.accepted + resent.duplicates, rest.length, JSON.stringify(resent));
      assert.equal((await storedSeconds(minute, minute + 60_000)).length, 60);

      // Rollups: the minute job runs at start; what was stored before the kill is counted.
      await waitFor(
        async () =>
          ((await storedSeconds(minute, minute + 60_000, "MINUTE"))[0]?.samples ?? 0) >= acknowledged.size,
        120_000,
        "the minute rollup to count the samples stored before the kill",
      );

      // Detection and a subscription: floods grow until the live subscription hears of the incident
      // (it may register after the first flood; each larger flood is announced as an update).
      const { port } = new URL(api.url);
      const events = subscribe(
        `ws://127.0.0.1:${port}/graphql`,
        "subscription($w: ID!) { incidentEvents(workspaceId: $w) { kind incidentId } }",
        { w: owner.workspaceId },
        { authorization: `Bearer ${owner.cookie}` },
      );
      let incidentId: string | undefined;
      try {
        await events.connected;
        let second = 60;
        let pps = 100_000;
        await waitFor(
          async () => {
            pps *= 2;
            second++;
            const flood = await report([sample(minute + second * 1000, pps)]);
            assert.equal(flood.detection.state, "ATTACK");
            incidentId = flood.detection.incidentId;
            return events.events.length > 0;
          },
          30_000,
          "the incident on the subscription",
        );
        assert.equal(events.events[0].data.incidentEvents.incidentId, incidentId);
      } finally {
        await events.dispose();
      }

      // Evidence: the agent uploads the incident's capture; the signed link serves it.
      const bytes = pcapBytes([60, 60, 1514]);
      const form = new FormData();
      form.set(
        "operations",
        JSON.stringify({
          query: UPLOAD,
          variables: { input: { incidentId, preBufferPackets: 1, packets: 3 }, file: null },
        }),
      );
      form.set("map", JSON.stringify({ 0: ["variables.file"] }));
      form.set("0", new Blob([bytes]), "incident.pcap");
      const uploaded = await fetch(`${api.url}/graphql`, {
        method: "POST",
        headers: { authorization: `Bearer ${agent.token}` },
        body: form,
      }).then((r) => r.json() as Promise<{ data: { uploadIncidentCapture: Record<string, any> } }>);
      assert.equal(uploaded.data.uploadIncidentCapture.__typename, "IncidentCapturePayload");
      const pcap = await api.gql(PCAP, { id: incidentId }, { cookie: owner.cookie });
      const link = pcap.body.data.node.pcap.downloadUrl as string;
      const download = await fetch(new URL(link, api.url));
      assert.equal(download.status, 200);
      assert.deepEqual(new Uint8Array(await download.arrayBuffer()), bytes);
    });

    if (engine === "pglite") {
      test("a second API process on the same data folder is refused, naming the first; once that is killed, it starts", async () => {
        const second = await api.sibling();
        const first = api.pid;
        await assert.rejects(second.start(), (error: Error) => {
          assert.match(
            error.message,
            new RegExp(`data folder .* is in use by another Levee API \\(pid ${first} `),
          );
          return true;
        });
        await api.kill("SIGKILL");
        await second.start(); // the lock of a killed process is stale
        const health = await fetch(`${second.url}/healthz`);
        assert.equal(health.status, 200);
        await second.stop();
      });
    }
  });
}
