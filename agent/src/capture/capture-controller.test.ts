import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { CaptureSummary } from "@levee/shared/classification/capture-summary";
import { ethernet, Flags, ipv4, tcp, udp } from "../../test/analyze/pcap-builder.ts";
import { parseConfig, statePaths } from "../config.ts";
import { silentLogger } from "../log.ts";
import type { TelemetrySample } from "../sampler/sample.ts";
import type { MetricThreshold, NodeDetection } from "../transport/agent-api.ts";
import { CaptureController } from "./capture-controller.ts";
import { pendingCaptures } from "./capture-store.ts";
import { CaptureUploader } from "./capture-uploader.ts";
import type { CaptureMeta } from "./incident-capture.ts";
import type { LiveCaptureOptions, OpenPacketSource } from "./pcap-source.ts";

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * The interface's packets as the test sends them: handed to the capture exactly as libpcap's
 * dispatch does (Ethernet frames, wall-clock stamps in seconds and microseconds).
 */
class TestWire {
  opened: LiveCaptureOptions[] = [];
  closed = 0;
  open: OpenPacketSource = (options) => {
    this.opened.push(options);
    return {
      linkType: 1,
      libVersion: "test wire",
      stats: () => ({ received: 0, dropped: 0 }),
      close: () => void this.closed++,
    };
  };

  send(frame: Uint8Array, atMs: number): void {
    const options = this.opened.at(-1);
    if (!options) throw new Error("no capture open on the wire");
    const sec = Math.floor(atMs / 1000);
    options.onPacket(Buffer.from(frame), 1, frame.length, sec, Math.round((atMs - sec * 1000) * 1000));
  }

  /** `count` packets spread evenly over (fromMs, toMs]. */
  spread(frame: (i: number) => Uint8Array, count: number, fromMs: number, toMs: number): void {
    for (let i = 1; i <= count; i++) this.send(frame(i), fromMs + ((toMs - fromMs) * i) / count);
  }
}

const udpFlood = (i: number) =>
  ethernet(
    ipv4({ src: `203.0.113.${1 + (i % 200)}`, ttl: 52, protocol: 17 }, udp(40000, 27015, new Uint8Array(64))),
  );
const calmTcp = (i: number) =>
  ethernet(ipv4({ src: "198.51.100.7", ttl: 60, protocol: 6 }, tcp(50000 + (i % 100), 443, Flags.ACK)));

const thresholds = (pps: number): MetricThreshold[] => [
  { metric: "PPS", threshold: pps, elevatedAt: pps / 2, source: "FLOOR" },
];
const normal = (pps = 50_000): NodeDetection => ({
  state: "NORMAL",
  incidentId: null,
  captureRequested: false,
  thresholds: thresholds(pps),
});
const attack = (incidentId: string, pps = 50_000): NodeDetection => ({
  state: "ATTACK",
  incidentId,
  captureRequested: true,
  thresholds: thresholds(pps),
});

/** Whole seconds just past: near the real clock, which capture files' own stamps are on. */
const T0 = Math.floor(Date.now() / 1000) * 1000 - 5000;

function sample(atMs: number, rxPps: number, extra: Partial<TelemetrySample> = {}): TelemetrySample {
  return {
    ts: new Date(atMs).toISOString(),
    interface: "wire0",
    rxPps,
    rxBps: rxPps * 800,
    txPps: 10,
    txBps: 8000,
    tcpPps: 10,
    udpPps: rxPps - 10,
    icmpPps: 0,
    otherPps: 0,
    synRecv: 0,
    tcpEstablished: 5,
    tcpTotal: 10,
    ...extra,
  };
}

/**
 * A controller on a real ring, capture files, summariser and trigger, with the test's wire and
 * clocks at its edges. `at(ms)` moves both clocks (the wall clock alone with `wallOnly`).
 */
async function setup(
  capture: Record<string, unknown> = {},
  env: { canCapture?: boolean; noSource?: string } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), "levee-controller-"));
  dirs.push(dir);
  const config = {
    ...parseConfig(
      JSON.stringify({
        apiUrl: "http://127.0.0.1:4200",
        sampleIntervalMs: 1000,
        detection: { quietSamples: 3 },
        capture: { ringPackets: 500, ...capture },
      }),
      {},
      "test",
    ),
    apiUrl: "http://127.0.0.1:4200",
  };
  const paths = statePaths(dir);
  const uploads: CaptureMeta[] = [];
  const uploader = new CaptureUploader({
    dir: paths.captureDir,
    logger: silentLogger,
    upload: async (meta) => void uploads.push(meta),
  });
  const wire = new TestWire();
  const clock = { wall: T0, mono: 1_000_000 };
  const controller = new CaptureController(config, paths, uploader, silentLogger, {
    now: () => clock.wall,
    monotonic: () => clock.mono,
    canCapture: () =>
      env.canCapture === false ? { ok: false, reason: "no CAP_NET_RAW (test)" } : { ok: true },
    openSource: env.noSource === undefined ? wire.open : () => ({ reason: env.noSource as string }),
  });
  await controller.start("wire0");
  const at = (ms: number, wallOnly = false) => {
    if (!wallOnly) clock.mono += ms - clock.wall;
    clock.wall = ms;
  };
  /** The sample read now; a capture it decides runs at once (as the daemon's setImmediate does). */
  const read = (s: TelemetrySample) => {
    at(Date.parse(s.ts));
    controller.onSample(s)?.();
    return s;
  };
  const files = () => pendingCaptures(paths.captureDir);
  /** Every finished capture: those uploaded (the uploader removes them) and those still kept. */
  const captures = () => [...new Map([...uploads, ...files()].map((m) => [m.id, m])).values()];
  return { controller, wire, at, read, files, captures, uploads };
}

/** The interval a summary says it covers, as the API places it: it ends at its sample's stamp. */
function span(s: TelemetrySample): { fromMs: number; toMs: number; summary: CaptureSummary } {
  const summary = s.capture;
  assert.ok(summary, `sample ${s.ts} carries a capture summary`);
  const toMs = Date.parse(s.ts);
  return { fromMs: toMs - (summary.seconds ?? 1) * 1000, toMs, summary };
}

/** The API's rule (IncidentClassifier reachesBack): the summary began inside the crossing's interval. */
const reachesBack = (s: TelemetrySample, crossingMs: number) => {
  const { fromMs, toMs } = span(s);
  return fromMs < crossingMs && toMs > crossingMs;
};

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("CaptureController", () => {
  it("a capture its own judgement starts: the deciding sample carries its interval's ring summary, the next the packets after it", async () => {
    const { controller, wire, at, read, captures } = await setup();
    at(T0);
    controller.onDetection(normal(), T0, T0);
    wire.spread(calmTcp, 20, T0, T0 + 1000);
    assert.equal(read(sample(T0 + 1000, 20)).capture, undefined, "no capture, no summary");
    // A flood from 1.4 s: 300 packets before the read at 2 s.
    wire.spread(calmTcp, 10, T0 + 1000, T0 + 1400);
    wire.spread(udpFlood, 300, T0 + 1400, T0 + 1990);
    at(T0 + 2000);
    const crossing = sample(T0 + 2000, 90_000);
    const start = controller.onSample(crossing);
    assert.ok(start, "the crossing sample decides a capture, run after it is sent");
    const own = span(crossing);
    assert.equal(own.summary.packets, 310, "its own interval's packets: 10 calm, 300 flood");
    assert.equal(own.summary.protocols.udp, 300);
    assert.ok(Math.abs(own.fromMs - (T0 + 1040)) < 1, `from its first packet (${own.fromMs - T0})`);
    // Packets while the sample is sent are kept aside; the capture opens with the ring, then them.
    wire.spread(udpFlood, 25, T0 + 2000, T0 + 2010);
    at(T0 + 2015);
    start();
    assert.equal(controller.service?.capturing, true);
    assert.equal(controller.trigger.incidentId, null, "started before the API named an incident");
    wire.spread(udpFlood, 100, T0 + 2015, T0 + 2900);
    const next = read(sample(T0 + 3000, 90_000));
    const after = span(next);
    assert.equal(after.summary.packets, 125, "the kept-aside packets and the live ones, nothing twice");
    assert.ok(
      Math.abs(after.fromMs - (T0 + 1990)) < 1,
      `from the deciding summary's last packet, on the wall clock (${after.fromMs - T0})`,
    );
    // The API names the incident: the capture is its evidence.
    controller.onDetection(attack("inc-own"), T0 + 3000, T0 + 3000);
    assert.equal(controller.trigger.incidentId, "inc-own");
    assert.equal(span(read(sample(T0 + 4000, 90_000))).summary.packets, 0, "a second of silence");
    controller.finish("test");
    const [file] = captures();
    assert.equal(file?.incidentId, "inc-own");
    assert.equal(file?.preBufferPackets, 330, "the ring: 20 + 10 calm, 300 flood");
    assert.equal(file?.packets, 455);
    await controller.stop(1000);
  });

  it("the API's answer arriving between the deciding sample and its capture's start names it: one capture, nothing summarised twice", async () => {
    const { controller, wire, at, read, captures } = await setup();
    at(T0);
    controller.onDetection(normal(), T0, T0);
    wire.spread(udpFlood, 100, T0, T0 + 1000);
    at(T0 + 1000);
    const crossing = sample(T0 + 1000, 90_000);
    const start = controller.onSample(crossing);
    assert.equal(span(crossing).summary.packets, 100);
    wire.spread(udpFlood, 10, T0 + 1000, T0 + 1020); // kept aside: the ring is held
    at(T0 + 1030);
    controller.onDetection(attack("inc-early"), T0 + 1000, T0 + 1000);
    assert.equal(controller.service?.capturing, false, "the capture decided stands: not started twice");
    assert.equal(controller.trigger.incidentId, "inc-early", "it is named at once");
    start?.();
    assert.equal(controller.service?.capturing, true);
    wire.spread(udpFlood, 50, T0 + 1030, T0 + 1900);
    const next = span(read(sample(T0 + 2000, 90_000)));
    assert.equal(next.summary.packets, 60, "the kept-aside packets and the live ones");
    assert.ok(Math.abs(next.fromMs - (T0 + 1000)) < 1, "from the deciding summary's last packet");
    await controller.stop(1000);
    const all = captures();
    assert.equal(all.length, 1);
    assert.equal(all[0]?.incidentId, "inc-early");
    assert.equal(all[0]?.preBufferPackets, 100);
    assert.equal(all[0]?.packets, 160);
  });

  it("a capture the API's answer starts: its first summary holds the crossing's interval, measured on the wall clock", async () => {
    const { controller, wire, at, read, captures } = await setup();
    at(T0);
    controller.onDetection(normal(1_000_000), T0, T0); // thresholds it will not cross itself
    read(sample(T0 + 1000, 20));
    wire.spread(udpFlood, 200, T0 + 1000, T0 + 2000);
    const crossing = read(sample(T0 + 2000, 60_000));
    assert.equal(crossing.capture, undefined, "not over the thresholds the agent knew");
    wire.spread(calmTcp, 5, T0 + 2000, T0 + 2200);
    // The answer 0.3 s later, with lower thresholds and the incident.
    at(T0 + 2300);
    controller.onDetection(attack("inc-api"), T0 + 2000, T0 + 2000);
    assert.equal(controller.service?.capturing, true);
    wire.spread(calmTcp, 5, T0 + 2300, T0 + 2900);
    const next = read(sample(T0 + 3000, 100));
    const first = span(next);
    assert.equal(first.summary.packets, 210, "the crossing's 200 flood packets and the 10 calm since");
    assert.equal(first.summary.protocols.udp, 200);
    assert.ok(Math.abs(first.fromMs - (T0 + 1005)) < 1, `from its first packet (${first.fromMs - T0})`);
    assert.ok(reachesBack(next, T0 + 2000), "the API counts it for the crossing");
    // The summaries after it follow on the monotonic clock, one interval each.
    assert.equal(span(read(sample(T0 + 4000, 100))).summary.seconds, 1);
    controller.finish("test");
    assert.equal(captures()[0]?.incidentId, "inc-api");
    assert.equal(captures()[0]?.preBufferPackets, 205);
    await controller.stop(1000);
  });

  it("an answer later than a sample interval: the first summary reaches back to the crossing's interval, as far as the ring holds", async () => {
    // A one-second burst the agent did not judge (it had not heard the thresholds yet), then calm
    // traffic; the API's answer comes 2.5 s after the crossing sample.
    const { controller, wire, at, read } = await setup();
    at(T0);
    controller.onDetection(normal(1_000_000), T0, T0);
    wire.spread(calmTcp, 30, T0, T0 + 1000);
    read(sample(T0 + 1000, 30));
    wire.spread(udpFlood, 300, T0 + 1000, T0 + 1800);
    read(sample(T0 + 2000, 60_000));
    wire.spread(calmTcp, 30, T0 + 2000, T0 + 3000);
    read(sample(T0 + 3000, 30));
    wire.spread(calmTcp, 15, T0 + 3000, T0 + 3500);
    wire.spread(calmTcp, 15, T0 + 3500, T0 + 4000);
    read(sample(T0 + 4000, 30));
    at(T0 + 4500);
    controller.onDetection(attack("inc-late"), T0 + 2000, T0 + 2000);
    wire.spread(calmTcp, 15, T0 + 4500, T0 + 5000);
    const next = read(sample(T0 + 5000, 30));
    const first = span(next);
    assert.ok(
      reachesBack(next, T0 + 2000),
      `the summary starts before the crossing sample's stamp (${first.fromMs - T0} ms)`,
    );
    assert.equal(first.summary.protocols.udp, 300, "the burst's packets are in it");
    assert.equal(
      first.summary.packets,
      300 + 75,
      "and the calm ones since, none from before the crossing's interval",
    );
    assert.ok(Math.abs(first.fromMs - (T0 + 1000 + 800 / 300)) < 1, "from the burst's first packet");
    await controller.stop(1000);
  });

  it("a late answer about a batch: the crossing is the first of its samples over the answer's thresholds", async () => {
    const { controller, wire, at, read } = await setup({ ringPackets: 100 });
    at(T0);
    controller.onDetection(normal(1_000_000), T0, T0);
    wire.spread(calmTcp, 20, T0, T0 + 1000);
    read(sample(T0 + 1000, 20));
    wire.spread(calmTcp, 20, T0 + 1000, T0 + 2000);
    read(sample(T0 + 2000, 20));
    wire.spread(udpFlood, 60, T0 + 2000, T0 + 2500);
    read(sample(T0 + 3000, 60_000));
    wire.spread(calmTcp, 20, T0 + 3000, T0 + 4000);
    read(sample(T0 + 4000, 20));
    at(T0 + 4600);
    controller.onDetection(attack("inc-batch"), T0 + 3000, T0 + 1000);
    const first = span(read(sample(T0 + 5000, 20)));
    assert.equal(first.summary.protocols.udp, 60);
    assert.equal(first.summary.packets, 80, "from the crossing's interval (2–3 s) on, not the batch's first");
    assert.ok(first.fromMs < T0 + 3000 && first.fromMs > T0 + 2000, `${first.fromMs - T0}`);
    await controller.stop(1000);
  });

  it("a late answer whose crossing the ring no longer holds: the summary does not pretend to reach back", async () => {
    const { controller, wire, at, read } = await setup({ ringPackets: 50 });
    at(T0);
    controller.onDetection(normal(1_000_000), T0, T0);
    read(sample(T0 + 1000, 20));
    wire.spread(udpFlood, 300, T0 + 1000, T0 + 1800);
    read(sample(T0 + 2000, 60_000));
    wire.spread(calmTcp, 100, T0 + 2000, T0 + 3000); // more than the ring holds
    read(sample(T0 + 3000, 100));
    at(T0 + 3500);
    controller.onDetection(attack("inc-gone"), T0 + 2000, T0 + 2000);
    const next = read(sample(T0 + 4000, 100));
    assert.equal(reachesBack(next, T0 + 2000), false);
    assert.equal(span(next).summary.protocols.udp, 0);
    await controller.stop(1000);
  });

  it("ends a capture after quiet sample time; a capture without an incident is attached by a later answer and uploaded", async () => {
    const { controller, wire, at, read, files, uploads } = await setup();
    at(T0);
    controller.onDetection(normal(), T0, T0);
    wire.spread(udpFlood, 50, T0, T0 + 1000);
    read(sample(T0 + 1000, 90_000));
    assert.equal(controller.service?.capturing, true);
    for (const t of [2000, 3000]) read(sample(T0 + t, 20));
    assert.equal(controller.service?.capturing, true, "two calm seconds: not yet");
    const last = read(sample(T0 + 4000, 20));
    assert.equal(controller.service?.capturing, false, "three calm seconds end it");
    assert.ok(last.capture, "the last sample of the capture still carries its summary");
    assert.equal(read(sample(T0 + 5000, 20)).capture, undefined, "after it, none");
    const [kept] = files();
    assert.equal(kept?.incidentId, null, "kept until the API names an incident");
    assert.equal(kept?.complete, true);
    assert.equal(uploads.length, 0);
    // The API (slow) answers about the samples of its time: the file is its incident's evidence.
    at(T0 + 5500);
    controller.onDetection({ ...attack("inc-1"), captureRequested: false }, T0 + 4000, T0 + 1000);
    assert.equal(controller.service?.capturing, false, "no new capture for what it covered");
    await until(() => uploads.length === 1, "the upload");
    assert.equal(uploads[0]?.incidentId, "inc-1");
    await controller.stop(1000);
  });

  it("another incident named while capturing finishes the capture and starts one of its own", async () => {
    const { controller, wire, at, read, captures } = await setup();
    at(T0);
    controller.onDetection(attack("inc-1"), T0, T0);
    wire.spread(udpFlood, 10, T0, T0 + 1000);
    read(sample(T0 + 1000, 90_000));
    at(T0 + 1200);
    controller.onDetection(attack("inc-2"), T0 + 1000, T0 + 1000);
    controller.finish("test");
    assert.deepEqual(
      captures()
        .map((f) => f.incidentId)
        .sort(),
      ["inc-1", "inc-2"],
    );
    await controller.stop(1000);
  });

  it("another incident named late while capturing: the new capture's first summary does not count again what the running one summarised", async () => {
    const { controller, wire, at, read } = await setup();
    at(T0);
    controller.onDetection(attack("inc-1"), T0, T0);
    wire.spread(udpFlood, 100, T0, T0 + 1000);
    read(sample(T0 + 1000, 90_000));
    for (const t of [2000, 3000, 4000]) {
      wire.spread(udpFlood, 100, T0 + t - 1000, T0 + t);
      assert.equal(read(sample(T0 + t, 90_000)).capture?.packets, 100, "inc-1's summary of its second");
    }
    // The API names another incident 2.5 s after the batch whose crossing it judged.
    wire.spread(udpFlood, 50, T0 + 4000, T0 + 4500);
    at(T0 + 4500);
    controller.onDetection(attack("inc-2"), T0 + 2000, T0 + 2000);
    wire.spread(udpFlood, 50, T0 + 4500, T0 + 5000);
    const first = span(read(sample(T0 + 5000, 90_000)));
    assert.equal(
      first.summary.packets,
      100,
      "the packets since inc-1's last summary, none of its seconds again",
    );
    assert.ok(first.fromMs >= T0 + 4000, `${first.fromMs - T0}`);
    await controller.stop(1000);
  });

  it("writes at most maxPackets a capture, counting the rest as overflow", async () => {
    const { controller, wire, at, read, files } = await setup({ ringPackets: 20, maxPackets: 50 });
    // Never named an incident: kept on disk, not uploaded.
    at(T0);
    controller.onDetection(normal(), T0, T0);
    wire.spread(udpFlood, 30, T0, T0 + 1000);
    read(sample(T0 + 1000, 90_000));
    wire.spread(udpFlood, 70, T0 + 1000, T0 + 2000);
    const s = read(sample(T0 + 2000, 90_000));
    assert.equal(span(s).summary.packets, 70, "the summaries count every packet, written or not");
    controller.finish("test");
    const [file] = files();
    assert.equal(file?.preBufferPackets, 20, "the ring holds its last 20");
    assert.equal(file?.packets, 50);
    assert.equal(file?.overflow, 40);
    await controller.stop(1000);
  });

  it("measures the first summary on the monotonic clock when the wall clock stepped", async () => {
    const { controller, wire, at, read } = await setup();
    at(T0);
    controller.onDetection(normal(1_000_000), T0, T0);
    wire.spread(udpFlood, 10, T0, T0 + 1000);
    read(sample(T0 + 1000, 60_000));
    at(T0 + 1200);
    controller.onDetection(attack("inc-step"), T0 + 1000, T0 + 1000);
    at(T0 + 2000);
    at(T0 + 7000, true); // the wall clock stepped 5 s ahead: 0.8 s passed since the answer
    const next = sample(T0 + 7000, 100);
    controller.onSample(next);
    // From its first packet (0.1 s) to the answer (1.2 s), then 0.8 s: not the stepped 6.9 s.
    assert.ok(Math.abs((next.capture?.seconds ?? 0) - 1.9) < 0.001, `${next.capture?.seconds}`);
    await controller.stop(1000);
  });

  it("capture off (no permission, or no packet source): says why, and samples go on without summaries", async () => {
    const denied = await setup({}, { canCapture: false });
    assert.match(denied.controller.disabledReason ?? "", /CAP_NET_RAW/);
    assert.equal(denied.wire.opened.length, 0);
    denied.controller.onDetection(normal(), T0, T0);
    const s = denied.read(sample(T0 + 1000, 90_000));
    assert.equal(s.capture, undefined);
    assert.equal(denied.controller.trigger.capturing, true, "the trigger still judges");
    assert.deepEqual(denied.files(), []);
    await denied.controller.stop(1000);

    const unbuilt = await setup({}, { noSource: "the pcap package (libpcap binding) is not installed" });
    assert.match(unbuilt.controller.disabledReason ?? "", /libpcap binding/);
    assert.equal(unbuilt.controller.service, undefined);
    await unbuilt.controller.stop(1000);

    const off = await setup({ enabled: false });
    assert.match(off.controller.disabledReason ?? "", /capture\.enabled = false/);
    await off.controller.stop(1000);
  });

  it("switching the interface finishes the capture and starts a new one on the new device for the same incident", async () => {
    const { controller, wire, at, read, captures } = await setup();
    at(T0);
    controller.onDetection(attack("inc-1"), T0, T0);
    wire.spread(udpFlood, 10, T0, T0 + 1000);
    read(sample(T0 + 1000, 90_000));
    await controller.switchDevice("wire1");
    assert.equal(controller.device, "wire1");
    assert.equal(wire.opened.at(-1)?.device, "wire1");
    assert.equal(wire.closed, 1);
    assert.equal(controller.service?.capturing, true);
    assert.equal(controller.service?.ring.size, 0, "the new device's ring starts empty");
    controller.finish("test");
    assert.deepEqual(
      captures()
        .map((f) => [f.incidentId, f.packets])
        .sort((a, b) => Number(b[1]) - Number(a[1])),
      [
        ["inc-1", 10],
        ["inc-1", 0],
      ],
    );
    await controller.stop(1000);
  });
});
