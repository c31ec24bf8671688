import { closeSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../log.ts";
import type { ListenQueueCounters } from "./net-netstat.ts";
import { offHostSockets, type TcpStates } from "./net-tcp.ts";
import { type PacketCounts, probeOnWake, shortestWakeWindow } from "./probe-trigger.ts";
import { type CounterTexts, type ProcSnapshot, parseCounters, readProc } from "./proc-reader.ts";
import { computeRates, listenQueueRates } from "./rates.ts";
import type { TelemetrySample } from "./sample.ts";

/**
 * The monotonic clock and timers the sampler runs on: the real ones by default. A test passes
 * its own to step time by hand, so what it checks never depends on how late a timer fires.
 */
export interface SamplerTimers {
  /** Monotonic ms, like performance.now(). */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const REAL_TIMERS: SamplerTimers = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export interface SamplerOptions {
  procRoot: string;
  /** An interface name, or `auto` for the default-route interface. */
  interface: string;
  intervalMs: number;
  /** How often /proc/net/tcp{,6} are scanned while calm (every sample while SYN_RECV > 0 or TCP is busy). */
  tcpScanIntervalMs?: number;
  /** Inbound TCP packets/s from which the socket tables are scanned every sample. */
  busyTcpPps?: number;
  logger: Logger;
  /**
   * `held`: the first sample of an early burst (it closes the mostly calm part of the slot); the
   * crossing window's own sample follows at once, so both go to the API in one request.
   * `crossing`: a sample of such a burst (it should reach the API without waiting for anything).
   */
  onSample(sample: TelemetrySample, held?: boolean, crossing?: boolean): void;
  /** Clock for `ts` (the daemon's SampleClock); the rates and the slots use `timers.now()`. */
  now?: () => number;
  /** Monotonic clock and timers (default: performance.now() and Node's timers). */
  timers?: SamplerTimers;
  /**
   * The sub-second trigger's window (0 or ≥ intervalMs: off): between samples, the counter files
   * (net/dev, net/snmp, net/snmp6) are read to judge the window since the last judged point once
   * it is half this long — on a timer this often, or when packets arrive (`packetHint`).
   */
  probeIntervalMs?: number;
  /**
   * The packet capture's running count and the device it captures on. While that is the sampled
   * interface (or `any`), the probe runs on packets arriving (`packetsArrived()`, the capture's
   * wake-ups) when their count says the window may cross, instead of on a timer: an idle host
   * then has no sub-second timer at all. Without it the timer runs.
   */
  packetHint?: { device: string; seen(): PacketCounts };
  /** Rates over the last probe window: true sends the sample at once instead of at the slot's end. */
  onProbe?: (rates: { rxPps: number; rxBps: number }) => boolean;
  /**
   * Early bursts allowed per slot (default 2): a flood whose first crossing the API judged under
   * its own thresholds gets a second chance before the slot ends, instead of waiting up to a
   * whole interval. The caller's onProbe stops them once the API reports the attack.
   */
  earlyBurstsPerSlot?: number;
}

/** Skipped sampling slots are reported at most this often (their count adds up in between). */
const SKIP_REPORT_MS = 60_000;

/**
 * Reads /proc every `intervalMs` on slots of a monotonic clock (a slow read skips slots, it does not
 * bunch them) and emits one sample per read after the first. Problems with a file are logged
 * once until they go away; a missing interface reports 0 until it comes back.
 */
export class Sampler {
  private previous: ProcSnapshot | undefined;
  private timer: unknown;
  private lastTs = 0;
  private running = false;
  private startedAt = 0;
  private slot = 0;
  /** The last scan's sockets; undefined when it could read neither /proc/net/tcp nor tcp6. */
  private tcp: TcpStates | undefined;
  private tcpScannedAt = Number.NEGATIVE_INFINITY;
  private busy = false;
  /** The last sample boundary whose read had the protocol counters (net/snmp). */
  private protocolBase: ProcSnapshot | undefined;
  /** The last sample boundary whose read had the listen-queue counters (net/netstat). */
  private listenQueueBase: ProcSnapshot | undefined;
  private ticking = false;
  /** Slots skipped and not reported yet, since when (sample clock), and the last report (ms since start). */
  private skipped = 0;
  private skippedSince = 0;
  private skipReportedAt = Number.NEGATIVE_INFINITY;
  private probeTimer: unknown;
  /**
   * Where the probe's next window starts: the last probe that judged a window (its counter
   * texts, parsed only if a crossing needs them), or the last full read (whose sample already
   * carries everything before it), whichever came later.
   */
  private lastProbe:
    | {
        at: number;
        packets: number;
        bytes: number;
        texts?: CounterTexts;
        snapshot?: ProcSnapshot;
        /** The capture's count at that point (packetHint), where its window starts too. */
        seen?: PacketCounts | undefined;
      }
    | undefined;
  /** Monotonic ms of the last probe run from a capture wake-up (they are half a period apart at least). */
  private lastWakeProbeAt = Number.NEGATIVE_INFINITY;
  /** The counter files kept open for the probe: one pread each per probe, no open/close, no thread pool. */
  private readonly probeFds = new Map<string, number>();
  private readonly probeBuffer = Buffer.alloc(64 * 1024);
  /** Early bursts sent in the current slot (`earlySlot`). */
  private earlySlot = -1;
  private earlyBursts = 0;
  private readonly now: () => number;
  private readonly timers: SamplerTimers;
  /** The interface sampled last (what `auto` resolved to). */
  currentInterface: string | undefined;

  constructor(private readonly options: SamplerOptions) {
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? REAL_TIMERS;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startedAt = this.timers.now();
    this.slot = 0;
    this.skipped = 0;
    this.skipReportedAt = Number.NEGATIVE_INFINITY;
    void this.loop();
    if (!this.options.packetHint) this.syncProbeTimer();
  }

  /**
   * Samples `name` (or `auto`) from the next read on, the capture's packets (on its new device)
   * waking the probe. The next sample's rates count from the previous read, which holds every
   * interface's counters: no gap, no spike from the switch.
   */
  setInterface(name: string, packetHint: SamplerOptions["packetHint"]): void {
    this.options.interface = name;
    this.options.packetHint = packetHint;
    this.lastProbe = undefined;
    this.syncProbeTimer();
  }

  /** Whether the sub-second trigger runs at all (a probe period, shorter than the interval). */
  private get probing(): boolean {
    const { probeIntervalMs = 0, intervalMs, onProbe } = this.options;
    return Boolean(onProbe) && probeIntervalMs > 0 && probeIntervalMs < intervalMs;
  }

  /** The capture sees the sampled interface's packets: they, not a timer, wake the probe. */
  private get packetsWakeProbe(): boolean {
    const device = this.options.packetHint?.device;
    return device !== undefined && (device === "any" || device === this.currentInterface);
  }

  /** The probe timer runs only when probing without packets to wake it (no capture, another interface). */
  private syncProbeTimer(): void {
    const wanted = this.running && this.probing && !this.packetsWakeProbe;
    if (wanted && this.probeTimer === undefined)
      this.probeTimer = this.timers.setInterval(() => this.safeProbe(), this.options.probeIntervalMs ?? 0);
    else if (!wanted && this.probeTimer !== undefined) {
      this.timers.clearInterval(this.probeTimer);
      this.probeTimer = undefined;
    }
  }

  /**
   * The capture handed packets over (one wake-up of its event-loop poll). Cheap when nothing is
   * to be judged: arithmetic on the capture's count; the counters are read only when that count
   * says the window may cross, or to move a window's start that is a period old (see probeOnWake).
   */
  packetsArrived(): void {
    const hint = this.options.packetHint;
    if (!hint || !this.running || this.ticking || !this.probing || !this.packetsWakeProbe) return;
    const now = this.timers.now();
    const last = this.lastProbe;
    const read = probeOnWake({
      now,
      probeIntervalMs: this.options.probeIntervalMs ?? 0,
      lastProbeAt: this.lastWakeProbeAt,
      start: last?.seen && { at: last.at, ...last.seen },
      seen: hint.seen(),
      wouldCross: (rates) => this.options.onProbe?.(rates) ?? false,
    });
    if (!read) return;
    this.lastWakeProbeAt = now;
    this.safeProbe(shortestWakeWindow(this.options.probeIntervalMs ?? 0));
  }

  private safeProbe(shortestWindowMs = (this.options.probeIntervalMs ?? 0) / 2): void {
    // The crossing path hands samples to the queue straight from a timer or a capture wake-up: a
    // failure there (a full or failing disk under the queue) is logged like a failed read, never
    // thrown out of the callback, which would end the daemon in the middle of the attack it saw.
    try {
      this.probe(shortestWindowMs);
    } catch (error) {
      this.options.logger.error("sending the early sample failed", { err: error });
    }
  }

  stop(): void {
    if (this.running && this.skipped > 0) this.reportSkipped(this.timers.now() - this.startedAt);
    this.running = false;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    if (this.probeTimer !== undefined) this.timers.clearInterval(this.probeTimer);
    this.probeTimer = undefined;
    for (const fd of this.probeFds.values()) closeSync(fd);
    this.probeFds.clear();
    this.timer = undefined;
  }

  private async loop(): Promise<void> {
    if (!this.running) return;
    this.ticking = true;
    try {
      const sample = await this.tick();
      if (sample && this.running) this.options.onSample(sample);
    } catch (error) {
      this.options.logger.error("sampling failed", { err: error });
    } finally {
      this.ticking = false;
    }
    if (!this.running) return;
    const { intervalMs } = this.options;
    const elapsed = this.timers.now() - this.startedAt;
    const due = Math.floor(elapsed / intervalMs) + 1;
    this.noteSkipped(Math.max(0, due - this.slot - 1), elapsed);
    this.slot = Math.max(this.slot + 1, due);
    const untilSlot = Math.max(0, this.slot * intervalMs - elapsed);
    this.timer = this.timers.setTimeout(() => void this.loop(), untilSlot);
  }

  /**
   * Slots passed without a read (this process held: a stopped or starved process, a blocked
   * write, a very slow /proc): the next sample's rates cover them, but those seconds have no
   * sample of their own, so an operator reading a gap in the charts needs to know it was the
   * agent. The first is logged when it happens; later ones within the minute are counted and
   * logged together once it is over (or when sampling stops), with when the first of them was.
   */
  private noteSkipped(slots: number, elapsed: number): void {
    if (slots > 0) {
      if (this.skipped === 0) this.skippedSince = this.now() - slots * this.options.intervalMs;
      this.skipped += slots;
    }
    if (this.skipped > 0 && elapsed - this.skipReportedAt >= SKIP_REPORT_MS) this.reportSkipped(elapsed);
  }

  private reportSkipped(elapsed: number): void {
    this.options.logger.warn("sampling fell behind: slots passed without a read", {
      skippedSlots: this.skipped,
      since: new Date(this.skippedSince).toISOString(),
      intervalMs: this.options.intervalMs,
    });
    this.skipped = 0;
    this.skipReportedAt = elapsed;
  }

  /** Reads the counter files alone; sends samples now when the short window is over threshold. */
  private probe(shortestWindowMs: number): void {
    const name = this.currentInterface;
    if (!this.running || this.ticking || !name) return;
    const at = this.timers.now();
    const texts = this.probeTexts();
    const counters = texts && interfaceCounters(texts.dev, name);
    const last = this.lastProbe;
    // A window much shorter than the probe period (a full read just moved its start) is too
    // short to judge: keep its start, so the packets in it are judged with the next window.
    // (Moving the start without judging lost a crossing that landed there: issue 14.)
    if (counters && last && at - last.at < shortestWindowMs) return;
    this.lastProbe =
      counters && texts
        ? { at, packets: counters.rxPackets, bytes: counters.rxBytes, texts, seen: this.seen() }
        : undefined;
    const spent = this.earlySlot === this.slot && this.earlyBursts >= (this.options.earlyBurstsPerSlot ?? 2);
    if (!counters || !texts || !last || spent) return;
    const seconds = (at - last.at) / 1000;
    const rxPps = (counters.rxPackets - last.packets) / seconds;
    const rxBps = ((counters.rxBytes - last.bytes) * 8) / seconds;
    // A reset or wrapped counter shows as negative: wait for the next window.
    if (!(seconds > 0) || rxPps < 0 || rxBps < 0 || !this.options.onProbe?.({ rxPps, rxBps })) return;
    this.earlyBursts = this.earlySlot === this.slot ? this.earlyBursts + 1 : 1;
    this.earlySlot = this.slot;
    this.sendCrossing(name, last, parseCounters(at, texts));
  }

  /**
   * A crossing is sent at once, without waiting for another read: the window the probe judged
   * becomes a sample of its own (the flood's rates, which is what the API judges), and the part
   * of the slot before it (mostly calm) another, held to go in the same request. Both ends of
   * each carry the interface and protocol counters (the probe reads net/snmp too; the socket
   * counts are the last full read's), and the regular read at the slot's end covers only what
   * came after: every packet is counted once.
   */
  private sendCrossing(name: string, start: NonNullable<Sampler["lastProbe"]>, end: ProcSnapshot): void {
    const previous = this.previous;
    if (!previous) return;
    const from = start.snapshot ?? parseCounters(start.at, start.texts ?? {});
    // The sample clock is read once; earlier ends are placed back by the monotonic difference.
    const wallNow = this.now();
    const monoNow = this.timers.now();
    const parts: [ProcSnapshot, ProcSnapshot][] = from === previous ? [] : [[previous, from]];
    parts.push([from, end]);
    this.previous = end;
    const counters = end.netDev?.interfaces.get(name);
    this.lastProbe = counters
      ? { at: end.at, packets: counters.rxPackets, bytes: counters.rxBytes, snapshot: end, seen: this.seen() }
      : undefined;
    parts.forEach(([a, b], i) => {
      const sample = this.sampleBetween(a, b, name, wallNow - (monoNow - b.at));
      this.options.onSample(sample, i < parts.length - 1, true);
    });
  }

  /** One read; the sample against the previous read (undefined on the first or when net/dev failed). */
  async tick(): Promise<TelemetrySample | undefined> {
    const { logger } = this.options;
    const auto = this.options.interface === "auto";
    const due =
      this.busy || this.timers.now() - this.tcpScannedAt >= (this.options.tcpScanIntervalMs ?? 0) - 50;
    const snapshot = await readProc(
      this.options.procRoot,
      auto,
      // Against the last sample's counters, or the first read's before any sample was made.
      (queue) =>
        due || backlogUnderPressure(this.listenQueueBase?.listenQueue ?? this.previous?.listenQueue, queue),
      () => this.timers.now(),
    );
    const scanTcp = snapshot.tcpScanned === true;
    if (scanTcp) {
      // Unreadable: the counts say "not read" (null) until a scan succeeds, tried every sample.
      this.tcp = snapshot.tcp;
      if (snapshot.tcp) this.tcpScannedAt = snapshot.at;
    }
    for (const file of [
      "net/dev",
      "net/snmp",
      "net/route",
      "net/snmp6",
      "net/netstat",
      ...(scanTcp ? ["net/tcp", "net/tcp6"] : []),
    ]) {
      const problem = snapshot.problems.get(file);
      if (problem) logger.once(`proc:${file}`, "warn", `/proc/${file}: ${problem}`, { file });
      else logger.clear(`proc:${file}`);
    }
    if (!snapshot.netDev) return undefined;
    const name = this.resolveInterface(snapshot);
    // The sample carries every packet counted up to this read: the probe's window starts here,
    // so a crossing is judged over packets no sample has sent yet, and none is skipped.
    const counters = snapshot.netDev.interfaces.get(name);
    this.lastProbe = counters
      ? { at: snapshot.at, packets: counters.rxPackets, bytes: counters.rxBytes, snapshot, seen: this.seen() }
      : undefined;
    this.syncProbeTimer();
    const previous = this.previous;
    this.previous = snapshot;
    if (!previous) return undefined;
    return this.sampleBetween(previous, snapshot, name, this.now());
  }

  /** The capture's count now (the counters were just read: no packet was handed over between). */
  private seen(): PacketCounts | undefined {
    const seen = this.options.packetHint?.seen();
    return seen && { ...seen };
  }

  /** The sample of `name` between two reads, stamped `wallMs` (kept strictly increasing). */
  private sampleBetween(
    previous: ProcSnapshot,
    current: ProcSnapshot,
    name: string,
    wallMs: number,
  ): TelemetrySample {
    const seconds = (current.at - previous.at) / 1000;
    // The host's protocol counters include loopback; sampling `lo` itself, that traffic is the point.
    const loopback = (from: ProcSnapshot) => (name === "lo" ? undefined : from.netDev?.interfaces.get("lo"));
    const rates = computeRates(
      seconds,
      { previous: previous.netDev?.interfaces.get(name), current: current.netDev?.interfaces.get(name) },
      { previous: previous.protocols, current: current.protocols },
      { previous: loopback(previous), current: loopback(current) },
    );
    // A read without the protocol counters (net/snmp unreadable for a moment, a probe's pread
    // that failed) leaves its sample's protocol rates at 0 — the input has no "unknown" — but
    // it must not swallow the segments: the next read that has them counts them from the last
    // one that had them, over that whole span (each segment in one sample, at its average rate).
    const base = this.protocolBase;
    if (current.protocols && !previous.protocols && base?.protocols && base.at < current.at) {
      const span = computeRates(
        (current.at - base.at) / 1000,
        {},
        { previous: base.protocols, current: current.protocols },
        { previous: loopback(base), current: loopback(current) },
      );
      rates.tcpPps = span.tcpPps;
      rates.udpPps = span.udpPps;
      rates.icmpPps = span.icmpPps;
      rates.otherPps = span.otherPps;
    }
    if (current.protocols) this.protocolBase = current;
    // Probes and crossings read no net/netstat: their samples say "not read", and the next full
    // read counts from the last one that had the counters (each event in one sample).
    const queueBase = this.listenQueueBase;
    const queueFrom = previous.listenQueue
      ? previous
      : queueBase && queueBase.at < current.at
        ? queueBase
        : undefined;
    const listenQueue = listenQueueRates(
      queueFrom ? (current.at - queueFrom.at) / 1000 : 0,
      queueFrom?.listenQueue,
      current.listenQueue,
    );
    if (current.listenQueue) this.listenQueueBase = current;
    const ms = Math.max(Math.round(wallMs), this.lastTs + 1);
    this.lastTs = ms;
    // Loopback's sockets are the host talking to itself, as its loopback packets are (computeRates).
    const tcp = this.tcp && (name === "lo" ? this.tcp : offHostSockets(this.tcp));
    this.busy = (tcp?.synRecv ?? 0) > 0 || rates.tcpPps >= (this.options.busyTcpPps ?? 1000);
    return {
      ts: new Date(ms).toISOString(),
      interface: name,
      ...rates,
      synRecv: tcp ? tcp.synRecv : null,
      tcpEstablished: tcp ? tcp.established : null,
      tcpTotal: tcp ? tcp.total : null,
      ...listenQueue,
    };
  }

  /**
   * The counter files' texts, each from a file kept open (undefined when net/dev cannot be read).
   * A protocol file the probe cannot read leaves its counters out; so does the full read.
   */
  private probeTexts(): (CounterTexts & { dev: string }) | undefined {
    const dev = this.probeRead("net/dev");
    if (dev === undefined) return undefined;
    return { dev, snmp: this.probeRead("net/snmp"), snmp6: this.probeRead("net/snmp6") };
  }

  private probeRead(file: string): string | undefined {
    let fd = this.probeFds.get(file);
    try {
      if (fd === undefined) {
        fd = openSync(join(this.options.procRoot, file), "r");
        this.probeFds.set(file, fd);
      }
      const length = readSync(fd, this.probeBuffer, 0, this.probeBuffer.length, 0);
      return this.probeBuffer.toString("latin1", 0, length);
    } catch {
      if (fd !== undefined) closeSync(fd);
      this.probeFds.delete(file);
      return undefined;
    }
  }

  private resolveInterface(snapshot: ProcSnapshot): string {
    const { logger } = this.options;
    const interfaces = snapshot.netDev?.interfaces ?? new Map();
    let name = this.options.interface;
    if (name === "auto") {
      const fallback = [...interfaces.keys()].find((n) => n !== "lo") ?? "lo";
      name = snapshot.defaultInterface ?? fallback;
      if (!snapshot.defaultInterface)
        logger.once("iface:no-default", "warn", `no IPv4 default route; sampling ${name}`);
      else logger.clear("iface:no-default");
    }
    if (!interfaces.has(name)) {
      logger.once(
        `iface:missing:${name}`,
        "warn",
        `interface ${name} not found; reporting 0 until it appears`,
        {
          available: [...interfaces.keys()],
        },
      );
    } else logger.clear(`iface:missing:${name}`);
    if (this.currentInterface && this.currentInterface !== name)
      logger.info(`sampling interface ${name} (was ${this.currentInterface})`);
    this.currentInterface = name;
    return name;
  }
}

/** Receive packets and bytes of one interface, read straight from its line of /proc/net/dev. */
function interfaceCounters(text: string, name: string): { rxPackets: number; rxBytes: number } | undefined {
  const at = text.indexOf(` ${name}:`) >= 0 ? text.indexOf(` ${name}:`) + 1 : text.indexOf(`\n${name}:`) + 1;
  if (at <= 0 && !text.startsWith(`${name}:`)) return undefined;
  const line = text.slice(at + name.length + 1, text.indexOf("\n", at));
  const fields = line.trim().split(/\s+/);
  const rxBytes = Number(fields[0]);
  const rxPackets = Number(fields[1]);
  return Number.isFinite(rxBytes) && Number.isFinite(rxPackets) ? { rxPackets, rxBytes } : undefined;
}

/**
 * A listener's backlog filled since the last read that had the TcpExt counters: the kernel sent SYN
 * cookies, or dropped handshakes (listen overflows or drops). A slow SYN flood shows here at once,
 * under every packet-rate floor, while a calm node scans its socket tables only every
 * tcpScanIntervalMs (10 s): this has them scanned in the same read, so SYN_RECV is counted within
 * the second. A counter that went back (a reset) counts as a change too.
 */
export function backlogUnderPressure(
  before: ListenQueueCounters | undefined,
  now: ListenQueueCounters | undefined,
): boolean {
  if (!before || !now) return false;
  return (["syncookiesSent", "listenOverflows", "listenDrops"] as const).some(
    (field) => before[field] !== undefined && now[field] !== undefined && now[field] !== before[field],
  );
}
