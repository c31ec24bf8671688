import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { waitFor } from "./support/api-process.ts";
import { type FloodKind, FloodLab, floodLabUnavailable } from "./support/flood-lab.ts";

const skip = floodLabUnavailable();
// .ci/run installs hping3 and tshark and runs as root: there a missing tool fails instead of skipping.
if (process.env.CI)
  it("has root, network namespaces, hping3 and tshark (CI)", () => assert.equal(skip, undefined));

const FLOODS: [FloodKind, string][] = [
  ["SYN", "SYN_FLOOD"],
  ["UDP", "UDP_FLOOD"],
  ["ICMP", "ICMP_FLOOD"],
];

/**
 * The real chain, end to end: hping3 floods from a namespace of our own → the packaged agent
 * samples and captures the veth → the API opens an incident (graphql-ws OPENED) → the
 * classification names the flood → RESOLVED once it stops → the pcap is uploaded and tshark
 * reads it. The interface floor is lowered to 300 pps so hping3's floods (10k pps asked, under
 * 1,000 delivered on a busy machine: CI saw a SYN flood open, then average 924 pps over its
 * window and classify "below threshold" against a 1,000 floor) cross it clearly; the veth
 * carries nothing else. The per-protocol floors are out of reach, as in syn-recv-flood.test.ts:
 * those rates are the machine's (/proc/net/snmp). When they still counted loopback, the suites
 * running beside this one made more than 1,000 TCP segments a second on a faster machine: an
 * incident opened with no flood going on, 3 s after the UDP flood's resolved, and the ICMP flood
 * only extended it (no OPENED in 30 s, twice in a row). The agent now caps those rates at what
 * came from outside (rates.ts), but the other suites' traffic over veths of their own in this
 * namespace is still in the host's counters, so the floors stay out of reach. The veth's own
 * rate opens every incident here.
 */
describe("end to end: hping3 floods → OPENED → family → RESOLVED → pcap", { skip }, () => {
  let lab: FloodLab;
  before(async () => {
    lab = await FloodLab.start(
      {
        DETECTION_FLOOR_PPS: "300",
        DETECTION_FLOOR_TCP_PPS: "1000000000",
        DETECTION_FLOOR_UDP_PPS: "1000000000",
        DETECTION_FLOOR_ICMP_PPS: "1000000000",
        // Socket counts are the machine's too: other suites' thousands of connections must not
        // open or hold open an incident here (a held one never RESOLVED while a bench ran beside).
        DETECTION_FLOOR_TCP_ESTABLISHED: "10000000",
        DETECTION_FLOOR_TCP_SOCKETS: "10000000",
        DETECTION_QUIET_SECONDS: "3",
      },
      { detection: { quietSamples: 3 } },
    );
  });
  after(async () => lab?.stop());

  for (const [kind, family] of FLOODS) {
    it(`a ${kind} flood is opened, named ${family}, resolved, and its capture uploaded`, async (t) => {
      // hping3 paces itself with usleep: on a busy machine it sends well under the asked rate.
      const rxBefore = lab.rxPackets();
      const since = lab.startFlood(kind, 10_000);
      let opened: Awaited<ReturnType<FloodLab["waitEvent"]>>;
      try {
        opened = await lab.waitEvent("OPENED", since, 30_000).catch((error: Error) => {
          // What reached the interface, what the subscription heard, and what the agent and the
          // API said: how CI's ICMP floods that opened nothing were read (an incident already open).
          const seconds = (performance.now() - since) / 1000;
          throw new Error(
            `${error.message}; ${lab.rxPackets() - rxBefore} packets reached the interface in ${seconds.toFixed(0)} s; events heard: ${JSON.stringify(lab.events.slice(-6))}\nagent said:\n${lab.daemon.logs().slice(-3000)}\nAPI said:\n${lab.api.logs().slice(-3000)}`,
          );
        });
        // The flood goes on 3 s, and until 1,500 of its packets have reached the interface since
        // the OPENED (the capture is on by then): the capture must hold over 1,000 frames, and a
        // fixed 3 s counted on hping3's rate, which a loaded machine cuts far below the one asked.
        const rxAtOpened = lab.rxPackets();
        await new Promise((r) => setTimeout(r, 3000));
        await waitFor(
          () => lab.rxPackets() - rxAtOpened >= 1500,
          60_000,
          "1,500 flood packets on the interface after the OPENED",
        );
        t.diagnostic(`${lab.rxPackets() - rxAtOpened} packets reached the interface after the OPENED`);
      } finally {
        lab.stopFlood();
      }
      await lab.waitEvent("RESOLVED", since, 60_000, opened.incidentId);
      let last: Awaited<ReturnType<FloodLab["incident"]>>;
      const incident = await waitFor(
        async () => {
          last = await lab.incident(opened.incidentId);
          return last?.pcap && last.classification ? last : undefined;
        },
        90_000,
        "the classification and the uploaded capture",
      ).catch((error: Error) => {
        // Which of the two is missing, and what the agent and the API said, so a failure can be read.
        throw new Error(
          `${error.message}; incident ${opened.incidentId}: ${JSON.stringify(last)}\nagent said:\n${lab.daemon.logs().slice(-3000)}\nAPI said:\n${lab.api.logs().slice(-3000)}`,
        );
      });
      if (!incident) throw new Error("unreachable: waitFor returns a value");
      assert.equal(incident.status, "RESOLVED");
      assert.equal(incident.classification?.family, family, incident.classification?.evidence.join("\n"));
      const frames = await lab.tsharkFrames(incident.pcap?.downloadUrl as string);
      assert.equal(frames, incident.pcap?.packets);
      assert.ok(frames > 1000, `${frames} frames`);
    });
  }
});
