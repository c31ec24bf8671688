import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { existsSync, mkdtempSync, rmSync, statSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { apiExclusionFilter } from "../src/capture/bpf-filter.ts";
import { CaptureService } from "../src/capture/capture-service.ts";
import { attachIncident, pendingCaptures, recoverPartialCaptures } from "../src/capture/capture-store.ts";
import { partialPath } from "../src/capture/incident-capture.ts";
import { loadPcap } from "../src/capture/pcap-source.ts";
import { silentLogger } from "../src/log.ts";
import { repoRoot, waitFor } from "./support/api-process.ts";
import { netnsUnavailable, VethPair } from "./support/netns.ts";

const API_PORT = 4000;
const skip =
  netnsUnavailable() ??
  (loadPcap().ok ? undefined : "libpcap binding (npm package pcap) not built") ??
  (spawnSync("tshark", ["-v"]).status === 0 ? undefined : "tshark is not installed");
// Outside CI a machine without these tools skips the suite; .ci/run installs them, so there a
// missing tool fails instead of passing silently.
if (process.env.CI)
  it("has root, network namespaces, libpcap and tshark (CI)", () => assert.equal(skip, undefined));

/** `tshark -r file -T fields -e …` as rows of fields. */
function tshark(file: string, ...fields: string[]): string[][] {
  const out = execFileSync("tshark", ["-r", file, "-T", "fields", ...fields.flatMap((f) => ["-e", f])], {
    encoding: "utf8",
  });
  return out
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.split("\t"));
}
const payloads = (file: string) =>
  tshark(file, "data").map(([hex]) => Buffer.from(hex ?? "", "hex").toString());

describe("live capture on a veth pair (real libpcap, traffic from a peer namespace)", { skip }, () => {
  let veth: VethPair;
  let sink: ReturnType<typeof createSocket>;
  const dir = mkdtempSync(join(tmpdir(), "levee-capture-"));

  before(async () => {
    veth = new VethPair();
    sink = createSocket("udp4"); // a listener, so the host answers no ICMP port-unreachable
    await new Promise<void>((resolve) => sink.bind(9999, veth.hostIp, resolve));
  });
  after(() => {
    sink?.close();
    veth?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (count: number, label: string, pps = 2000) =>
    execFileSync(...veth.udpSender(9999, count, label, pps), { cwd: repoRoot, stdio: "pipe" });
  /** A TCP SYN to the "API" port from the peer: the BPF filter must keep it out. */
  const apiTraffic = () =>
    spawnSync(
      veth.exec()[0] as string,
      [
        ...veth.exec().slice(1),
        process.execPath,
        "-e",
        `require("net").connect(${API_PORT}, "${veth.hostIp}").on("error", () => {})`,
      ],
      { timeout: 5000 },
    );
  const open = (ringPackets: number, maxPackets: number) => {
    const service = CaptureService.open({
      device: veth.host,
      filter: apiExclusionFilter({ addresses: [veth.hostIp, veth.peerIp], port: API_PORT }),
      snaplen: 256,
      bufferBytes: 1 << 20,
      ringPackets,
      maxPackets,
      dir,
      logger: silentLogger,
    });
    if ("reason" in service) throw new Error(service.reason);
    return service;
  };

  it("opens the incident file with the ring's pre-attack packets, then the live ones, and tshark reads it", async () => {
    const service = open(20, 10_000);
    try {
      send(50, "pre");
      apiTraffic();
      await waitFor(
        () => service.ring.size === 20 && service.stats().received >= 50,
        10_000,
        "the pre-attack packets",
      );
      await new Promise((r) => setTimeout(r, 300)); // nothing more is on its way
      const meta = service.startIncident(null);
      assert.equal(meta.preBufferPackets, 20);
      send(30, "post");
      apiTraffic();
      await waitFor(() => service.stats().incident?.packets === 50, 10_000, "the post-trigger packets");
      service.setIncident("incident-1");
      const done = service.finishIncident();
      assert.ok(done?.complete);
      const file = join(dir, `${done.id}.pcap`);
      assert.equal(tshark(file, "frame.number").length, 50, "tshark counts every packet");
      const expected = [
        ...Array.from({ length: 20 }, (_, i) => `pre-${i + 30}`),
        ...Array.from({ length: 30 }, (_, i) => `post-${i}`),
      ];
      assert.deepEqual(
        payloads(file),
        expected,
        "ring first (oldest first), then live, nothing from the API port",
      );
      const times = tshark(file, "frame.time_epoch").map(([t]) => Number(t));
      assert.ok(
        times.every((t, i) => i === 0 || t >= (times[i - 1] as number)),
        "timestamps in order",
      );
      assert.deepEqual(
        new Set(tshark(file, "frame.len", "frame.cap_len").map(([len, cap]) => len === cap)),
        new Set([true]),
      );
      assert.deepEqual(
        pendingCaptures(dir).map((m) => m.incidentId),
        ["incident-1"],
      );
    } finally {
      service.close();
    }
  });

  it("stops writing at the packet limit and counts the rest; a capture with no incident yet waits for one", async () => {
    for (const m of pendingCaptures(dir)) rmSync(join(dir, `${m.id}.pcap`));
    rmSync(dir, { recursive: true, force: true });
    execFileSync("mkdir", ["-p", dir]);
    const service = open(10, 25);
    try {
      send(10, "a");
      await waitFor(() => service.ring.size === 10, 10_000, "ring");
      service.startIncident("incident-2");
      send(40, "b");
      await waitFor(() => (service.stats().incident?.overflow ?? 0) === 25, 10_000, "overflow count");
      const meta = service.finishIncident();
      assert.equal(meta?.packets, 25);
      assert.equal(tshark(join(dir, `${meta?.id}.pcap`), "frame.number").length, 25);

      // Started on the agent's own judgement (no incident yet): kept, and attached once the API
      // names the incident, so the evidence of an attack during an API outage survives.
      service.startIncident(null);
      send(5, "c");
      const waiting = service.finishIncident();
      assert.equal(existsSync(join(dir, `${waiting?.id}.pcap`)), true, "kept for the incident to come");
      const longBefore = { fromMs: Date.now() - 3_600_000, toMs: Date.now() - 3_000_000 };
      assert.equal(attachIncident(dir, "incident-other", longBefore), 0, "not a capture of that time");
      assert.equal(attachIncident(dir, "incident-late", { fromMs: Date.now() - 5000, toMs: Date.now() }), 1);
      const attached = pendingCaptures(dir).find((m) => m.id === waiting?.id);
      assert.equal(attached?.incidentId, "incident-late");
    } finally {
      service.close();
    }
  });

  it("after a crash mid-capture, the partial file is cut to whole records and kept for upload", async () => {
    const service = open(5, 10_000);
    send(5, "x");
    await waitFor(() => service.ring.size === 5, 10_000, "ring");
    const meta = service.startIncident("incident-3");
    send(20, "y");
    await waitFor(() => service.stats().incident?.packets === 25, 10_000, "packets");
    service.flush(); // as the agent does every second
    service.close(); // the process "dies" here: finishIncident never runs
    const partial = partialPath(dir, meta.id);
    truncateSync(partial, statSync(partial).size - 7); // a torn last record
    recoverPartialCaptures(dir, silentLogger);
    const kept = pendingCaptures(dir).find((m) => m.id === meta.id);
    assert.equal(kept?.packets, 24);
    assert.equal(tshark(join(dir, `${meta.id}.pcap`), "frame.number").length, 24);
  });
});
