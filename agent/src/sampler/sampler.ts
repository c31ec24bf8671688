import type { Logger } from "../log.ts";
import { type ProcSnapshot, readProc } from "./proc-reader.ts";
import { computeRates } from "./rates.ts";
import type { TelemetrySample } from "./sample.ts";

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
  onSample(sample: TelemetrySample): void;
  /** Clock for `ts` (the daemon's SampleClock); the rates always use performance.now(). */
  now?: () => number;
}

/**
 * Reads /proc every `intervalMs` on slots of a monotonic clock (a slow read skips slots, it does not
 * bunch them) and emits one sample per read after the first. Problems with a file are logged
 * once until they go away; a missing interface reports 0 until it comes back.
 */
export class Sampler {
  private previous: ProcSnapshot | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastTs = 0;
  private running = false;
  private startedAt = 0;
  private slot = 0;
  private tcp = { synRecv: 0, established: 0, total: 0 };
  private tcpScannedAt = Number.NEGATIVE_INFINITY;
  private busy = false;
  private readonly now: () => number;
  /** The interface sampled last (what `auto` resolved to). */
  currentInterface: string | undefined;

  constructor(private readonly options: SamplerOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startedAt = performance.now();
    this.slot = 0;
    void this.loop();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async loop(): Promise<void> {
    if (!this.running) return;
    try {
      const sample = await this.tick();
      if (sample && this.running) this.options.onSample(sample);
    } catch (error) {
      this.options.logger.error("sampling failed", { err: error });
    }
    if (!this.running) return;
    const { intervalMs } = this.options;
    const elapsed = performance.now() - this.startedAt;
    this.slot = Math.max(this.slot + 1, Math.floor(elapsed / intervalMs) + 1);
    this.timer = setTimeout(() => void this.loop(), Math.max(0, this.slot * intervalMs - elapsed));
  }

  /** One read; the sample against the previous read (undefined on the first or when net/dev failed). */
  async tick(): Promise<TelemetrySample | undefined> {
    const { logger } = this.options;
    const auto = this.options.interface === "auto";
    const scanTcp =
      this.busy || performance.now() - this.tcpScannedAt >= (this.options.tcpScanIntervalMs ?? 0) - 50;
    const snapshot = await readProc(this.options.procRoot, auto, scanTcp);
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
