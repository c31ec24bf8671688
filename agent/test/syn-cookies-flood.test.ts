import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Server } from "node:net";
import { after, before, describe, it } from "node:test";
import { waitFor } from "./support/api-process.ts";
import { FloodLab, floodLabUnavailable } from "./support/flood-lab.ts";
import { halfOpenListener } from "./support/half-open-listener.ts";

const unavailable =
  floodLabUnavailable() ??
  (spawnSync("nft", ["--version"]).status === 0 ? undefined : "nft is not installed") ??
  (readFileSync("/proc/sys/net/ipv4/tcp_syncookies", "utf8").trim() === "1"
    ? undefined
    : "net.ipv4.tcp_syncookies is not 1 here (the host's setting is left as it is)");
if (process.env.CI)
  it("has root, namespaces, hping3, tshark, nft and tcp_syncookies=1 (CI)", () =>
    assert.equal(unavailable, undefined));

/**
 * SYN cookies as a detection metric, for real: a listener with a backlog of 4 on the agent's side of
 * a veth, and a hping3 SYN flood at it from a namespace of our own that drops the SYN-ACKs it gets
 * back (no RST: the half-open connections stay, as with forged sources). The backlog holds SYN_RECV
 * at a handful; with net.ipv4.tcp_syncookies=1 the kernel answers every further SYN with a cookie.
 * The packet and socket floors are raised out of reach, SYN_RECV's too: only SYN_COOKIES, at its
 * default floor of 100/s, can open the incident.
 */
describe("a SYN flood a backlog of 4 holds out of SYN_RECV opens an incident on SYN cookies", {
  skip: unavailable,
}, () => {
  let lab: FloodLab;
  let listener: Server;
  before(async () => {
    lab = await FloodLab.start(
      {
        DETECTION_FLOOR_PPS: "1000000000",
        DETECTION_FLOOR_BPS: "1000000000000",
        DETECTION_FLOOR_TCP_PPS: "1000000000",
        DETECTION_FLOOR_UDP_PPS: "1000000000",
        DETECTION_FLOOR_ICMP_PPS: "1000000000",
        DETECTION_FLOOR_SYN_RECV: "1000000000",
        DETECTION_FLOOR_TCP_ESTABLISHED: "1000000000",
        DETECTION_FLOOR_TCP_SOCKETS: "1000000000",
        DETECTION_QUIET_SECONDS: "3",
      },
      { detection: { quietSamples: 3 } },
    );
    listener = await halfOpenListener(lab.veth.ns, lab.veth.hostIp, 4);
  });
  after(async () => {
    lab?.stopFlood();
    listener?.close();
    await lab?.stop();
  });

  it("the cookies rate crosses its floor, the incident names SYN_COOKIES with its peak, and it is classified SYN_FLOOD", async () => {
    const port = (listener.address() as { port: number }).port;
    const cookiesBefore = syncookiesSent();
    const since = lab.startFlood("SYN", 2_000, port);
    let incidentId: string;
    try {
      ({ incidentId } = await lab.waitEvent("OPENED", since, 60_000));
      // A few seconds of the flood while the agent captures: the classifier's evidence.
      await new Promise((resolve) => setTimeout(resolve, 4_000));
    } finally {
      lab.stopFlood();
    }
    const cookies = syncookiesSent() - cookiesBefore;
    assert.ok(cookies > 1_000, `the kernel answered the flood with ${cookies} SYN cookies`);
    const r = await lab.api.gql(
      `query($id: ID!) { node(id: $id) { ... on Incident { triggerMetrics
         triggerPeaks { metric peak thresholdAtPeak } node { id } } } }`,
      { id: incidentId },
      { cookie: lab.cookie },
    );
    const incident = r.body.data?.node;
    assert.deepEqual(incident?.triggerMetrics, ["SYN_COOKIES"], JSON.stringify(r.body));
    const [peak] = incident.triggerPeaks;
    assert.equal(peak.metric, "SYN_COOKIES");
    assert.equal(peak.thresholdAtPeak, 100, "the default floor");
    assert.ok(peak.peak > 100, `peak ${peak.peak} cookies/s`);
    const from = new Date(Date.now() - 120_000).toISOString();
    const series = await lab.api.gql(
      `query($id: ID!, $from: DateTime!) { node(id: $id) { ... on MonitoredNode {
         traffic(from: $from, resolution: SECOND) { points { synRecv syncookiesSent } }
         baseline(metric: SYN_COOKIES) { threshold source } } } }`,
      { id: incident.node.id, from },
      { cookie: lab.cookie },
    );
    const node = series.body.data?.node;
    const points = node.traffic.points as { synRecv: number | null; syncookiesSent: number | null }[];
    const synRecvPeak = Math.max(...points.map((p) => p.synRecv ?? 0));
    // The backlog held the half-open connections (the host's other listeners may add a few).
    assert.ok(synRecvPeak < 100, `SYN_RECV peak ${synRecvPeak}: under SYN_RECV's default floor`);
    console.log(
      `SYN cookies peak ${peak.peak}/s (threshold ${node.baseline.threshold}, ${node.baseline.source}); SYN_RECV peak ${synRecvPeak}; ${cookies} cookies sent`,
    );
    await lab.waitEvent("RESOLVED", since, 90_000, incidentId);
    const classified = await waitFor(
      async () => (await lab.incident(incidentId))?.classification,
      30_000,
      "the incident's classification",
    ).catch(async (error: Error) => {
      throw new Error(
        `${error.message}; incident ${incidentId}: ${JSON.stringify(await lab.incident(incidentId))}\nagent said:\n${lab.daemon.logs().slice(-4000)}\nAPI said:\n${lab.api.logs().slice(-4000)}`,
      );
    });
    assert.ok(classified);
    assert.equal(classified.family, "SYN_FLOOD", JSON.stringify(classified));
    assert.ok(
      classified.evidence.some((e) => /SYN cookies sent\/s at the peak, threshold 100:/.test(e)),
      classified.evidence.join("\n"),
    );
    console.log(`classified ${classified.family} (${classified.detail}): ${classified.evidence.join(" | ")}`);
  });
});

/** TcpExt SyncookiesSent of this namespace (/proc/net/netstat: a header line, then values). */
function syncookiesSent(): number {
  const lines = readFileSync("/proc/net/netstat", "utf8").split("\n");
  const at = lines.findIndex((l) => l.startsWith("TcpExt:"));
  const names = (lines[at] ?? "").split(/\s+/);
  const values = (lines[at + 1] ?? "").split(/\s+/);
  return Number(values[names.indexOf("SyncookiesSent")] ?? Number.NaN);
}
