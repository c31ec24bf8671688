import { closeSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../log.ts";
import { type ProcSnapshot, readProc } from "./proc-reader.ts";
import { computeRates } from "./rates.ts";
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
   * `held`: the first sample of an early burst (it closes the mostly calm part of the slot); its
   * follow-up comes a probe later, so both can go to the API in one request.
   */
  onSample(sample: TelemetrySample, held?: boolean): void;
  /** Clock for `ts` (the daemon's SampleClock); the rates and the slots use `timers.now()`. */
  now?: () => number;
  /** Monotonic clock and timers (default: performance.now() and Node's timers). */
  timers?: SamplerTimers;
  /** Between samples, /proc/net/dev alone is read this often (0 or ≥ intervalMs: never). */
  probeIntervalMs?: number;
  /** Rates over the last probe window: true sends the sample at once instead of at the slot's end. */
  onProbe?: (rates: { rxPps: number; rxBps: number }) => boolean;
  /**
   * Early bursts allowed per slot (default 2): a flood that stalls right after the first burst
   * (its follow-up judged under threshold) gets a second chance before the slot ends, instead of
   * waiting up to a whole interval. The caller's onProbe stops them once the API reports the attack.
   */
  earlyBurstsPerSlot?: number;
}

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
  private tcp = { synRecv: 0, established: 0, total: 0 };
  private tcpScannedAt = Number.NEGATIVE_INFINITY;
  private busy = false;
  private ticking = false;
  private probeTimer: unknown;
  /** An early burst's follow-up read is scheduled and has not run yet. */
  private followUpPending = false;
  /**
   * Where the probe's next window starts: the last probe that judged a window, or the last full
   * read (whose sample already carries everything before it), whichever came later.
   */
  private lastProbe: { at: number; packets: number; bytes: number } | undefined;
  /** /proc/net/dev kept open for the probe: one pread per probe, no open/close, no thread pool. */
  private probeFd: number | undefined;
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
    void this.loop();
    const { probeIntervalMs = 0, intervalMs, onProbe } = this.options;
    if (onProbe && probeIntervalMs > 0 && probeIntervalMs < intervalMs)
      this.probeTimer = this.timers.setInterval(() => void this.probe(), probeIntervalMs);
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    if (this.probeTimer !== undefined) this.timers.clearInterval(this.probeTimer);
    this.probeTimer = undefined;
    if (this.probeFd !== undefined) closeSync(this.probeFd);
    this.probeFd = undefined;
    this.timer = undefined;
  }

  /**
   * `early`: taken before its slot ended because a probe saw the short window cross a threshold.
   * The first early read closes the interval so far (mostly calm); `followUp` takes one more a
   * probe interval later, whose rates are the flood's own, which is what the API judges. The
   * regular sample still comes at the slot's end and covers only the rest: nothing counts twice.
   */
  private async loop(early = false, followUp = false): Promise<void> {
    if (!this.running) return;
    this.followUpPending = false;
    this.ticking = true;
    try {
      const sample = await this.tick();
      if (sample && this.running) this.options.onSample(sample, early && followUp);
    } catch (error) {
      this.options.logger.error("sampling failed", { err: error });
    } finally {
      this.ticking = false;
    }
    if (!this.running) return;
    const { intervalMs, probeIntervalMs = 0 } = this.options;
    const elapsed = this.timers.now() - this.startedAt;
    if (!early) this.slot = Math.max(this.slot + 1, Math.floor(elapsed / intervalMs) + 1);
    const untilSlot = Math.max(0, this.slot * intervalMs - elapsed);
    if (followUp && probeIntervalMs < untilSlot) {
      this.followUpPending = true;
      this.timer = this.timers.setTimeout(() => void this.loop(true), probeIntervalMs);
      return;
    }
    this.timer = this.timers.setTimeout(() => void this.loop(), untilSlot);
  }

  /** Reads the interface counters alone; sends the sample now when the short window is over threshold. */
  private async probe(): Promise<void> {
    const name = this.currentInterface;
    if (!this.running || this.ticking || !name) return;
    const at = this.timers.now();
    const counters = this.probeCounters(name);
    const last = this.lastProbe;
    const { probeIntervalMs = 0 } = this.options;
    // A window much shorter than the probe period (a full read just moved its start) is too
    // short to judge: keep its start, so the packets in it are judged with the next window.
    // (Moving the start without judging lost a crossing that landed there: issue 14.)
    if (counters && last && at - last.at < probeIntervalMs / 2) return;
    this.lastProbe = counters ? { at, packets: counters.rxPackets, bytes: counters.rxBytes } : undefined;
    const spent = this.earlySlot === this.slot && this.earlyBursts >= (this.options.earlyBurstsPerSlot ?? 2);
    // A probe that fires while a burst's follow-up is still due (a late timer on a loaded machine)
    // belongs to that burst: starting another would cancel the follow-up and spend the next burst.
    if (!counters || !last || spent || this.ticking || this.followUpPending) return;
    const seconds = (at - last.at) / 1000;
    const rxPps = (counters.rxPackets - last.packets) / seconds;
    const rxBps = ((counters.rxBytes - last.bytes) * 8) / seconds;
    // A reset or wrapped counter shows as negative: wait for the next window.
    if (!(seconds > 0) || rxPps < 0 || rxBps < 0 || !this.options.onProbe?.({ rxPps, rxBps })) return;
    this.earlyBursts = this.earlySlot === this.slot ? this.earlyBursts + 1 : 1;
    this.earlySlot = this.slot;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    await this.loop(true, true);
  }

  /** One read; the sample against the previous read (undefined on the first or when net/dev failed). */
  async tick(): Promise<TelemetrySample | undefined> {
    const { logger } = this.options;
    const auto = this.options.interface === "auto";
    const scanTcp =
      this.busy || this.timers.now() - this.tcpScannedAt >= (this.options.tcpScanIntervalMs ?? 0) - 50;
    const snapshot = await readProc(this.options.procRoot, auto, scanTcp, () => this.timers.now());
    if (scanTcp && snapshot.tcp) {
      this.tcp = snapshot.tcp;
      this.tcpScannedAt = snapshot.at;
    }
    for (const file of [
      "net/dev",
      "net/snmp",
      "net/route",
      "net/snmp6",
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
      ? { at: snapshot.at, packets: counters.rxPackets, bytes: counters.rxBytes }
      : undefined;
    const previous = this.previous;
    this.previous = snapshot;
    if (!previous) return undefined;

    const seconds = (snapshot.at - previous.at) / 1000;
    const rates = computeRates(
      seconds,
      { previous: previous.netDev?.interfaces.get(name), current: snapshot.netDev.interfaces.get(name) },
      { previous: previous.protocols, current: snapshot.protocols },
    );
    const ms = Math.max(this.now(), this.lastTs + 1);
    this.lastTs = ms;
    const tcp = this.tcp;
    this.busy = tcp.synRecv > 0 || rates.tcpPps >= (this.options.busyTcpPps ?? 1000);
    return {
      ts: new Date(ms).toISOString(),
      interface: name,
      ...rates,
      synRecv: tcp.synRecv,
      tcpEstablished: tcp.established,
      tcpTotal: tcp.total,
    };
  }

  /** Receive packets and bytes of one interface, read straight from its line of /proc/net/dev. */
  private probeCounters(name: string): { rxPackets: number; rxBytes: number } | undefined {
    try {
      this.probeFd ??= openSync(join(this.options.procRoot, "net/dev"), "r");
      const length = readSync(this.probeFd, this.probeBuffer, 0, this.probeBuffer.length, 0);
      const text = this.probeBuffer.toString("latin1", 0, length);
      const at =
        text.indexOf(` ${name}:`) >= 0 ? text.indexOf(` ${name}:`) + 1 : text.indexOf(`\n${name}:`) + 1;
      if (at <= 0 && !text.startsWith(`${name}:`)) return undefined;
      const line = text.slice(at + name.length + 1, text.indexOf("\n", at));
      const fields = line.trim().split(/\s+/);
      const rxBytes = Number(fields[0]);
      const rxPackets = Number(fields[1]);
      return Number.isFinite(rxBytes) && Number.isFinite(rxPackets) ? { rxPackets, rxBytes } : undefined;
    } catch {
      if (this.probeFd !== undefined) closeSync(this.probeFd);
      this.probeFd = undefined;
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
