import { BaselineWindow } from "./baseline.ts";
import type { NodeDetection } from "./node-detection.loader.ts";

/** Nodes whose windows one statement reads. */
const BATCH = 500;
/** Reads start once no node has been admitted for this long (the fleet has stopped coming back)… */
const IDLE_MS = 1000;
/** …or once the oldest waiting node has waited this long (a fleet that keeps trickling back). */
const MAX_WAIT_MS = 30_000;
/** A batch whose read failed (a pool timeout, a failover) is read again after this long… */
const RETRY_MS = 5_000;
/** …up to this many reads in all; then its nodes keep their saved statistics and fill their windows live. */
const MAX_READS = 3;

/**
 * Reads the stored baseline windows of nodes admitted with their saved statistics (see
 * WindowDeferral in node-detection.loader.ts) after the reconnect storm, not during it: a batch
 * of BATCH nodes a statement, one statement at a time, so the storm's admissions keep the pool.
 * Each window read goes to `adopt`; a node admitted again meanwhile (forgotten and reloaded)
 * replaces its earlier entry.
 */
export class DeferredWindows {
  private waiting = new Map<string, NodeDetection>();
  /** Failed reads of a waiting node so far (absent: none). */
  private failures = new Map<string, number>();
  /** Set when a read failed: the next one waits RETRY_MS. */
  private failedLately = false;
  /** Wall-clock ms of the last node added, and of the first added since nothing was waiting. */
  private lastAdded = 0;
  private oldestAdded = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** Closed with its engine: a sample still being ingested must not start a read on a closing pool. */
  private closed = false;

  constructor(
    private readonly read: (bounds: Map<string, number | null>) => Promise<Map<string, BaselineWindow>>,
    private readonly adopt: (node: NodeDetection, window: BaselineWindow) => Promise<void>,
    private readonly onError: (error: unknown, nodes: number) => void,
  ) {}

  add(node: NodeDetection): void {
    if (this.closed) return;
    const now = Date.now();
    if (this.waiting.size === 0) this.oldestAdded = now;
    this.waiting.set(node.nodeId, node);
    // Admitted again: a new entry with its own reads.
    this.failures.delete(node.nodeId);
    this.lastAdded = now;
    this.schedule(IDLE_MS);
  }

  /** Reads every window waiting now, and any a read already running is reading. */
  async drain(): Promise<void> {
    while (!this.closed && (this.running || this.waiting.size > 0)) {
      if (!this.running) this.start(true);
      await this.running;
    }
  }

  /** Stops the timer; waiting nodes keep their saved statistics. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.waiting.clear();
    this.failures.clear();
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.running || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.start(false);
    }, delayMs);
    this.timer.unref();
  }

  /** How long reads still give way (ms): a node came back lately and the oldest waiting one can wait. */
  private waitLeft(): number {
    const now = Date.now();
    if (now - this.oldestAdded >= MAX_WAIT_MS) return 0;
    return Math.max(0, IDLE_MS - (now - this.lastAdded));
  }

  private start(now: boolean): void {
    // One read at a time: drain() may start one while the timer is set.
    if (this.running || this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const wait = now ? 0 : this.waitLeft();
    if (wait > 0) {
      this.schedule(wait);
      return;
    }
    this.running = this.readAll(now).finally(() => {
      this.running = null;
      const delay = this.failedLately ? RETRY_MS : IDLE_MS;
      this.failedLately = false;
      if (this.waiting.size > 0) this.schedule(delay);
    });
  }

  private async readAll(now: boolean): Promise<void> {
    while (this.waiting.size > 0) {
      // Nodes coming back again: their admissions go first, the rest waits.
      if (!now && this.waitLeft() > 0) return;
      const batch: NodeDetection[] = [];
      for (const node of this.waiting.values()) {
        if (batch.length === BATCH) break;
        batch.push(node);
      }
      for (const node of batch) this.waiting.delete(node.nodeId);
      try {
        const windows = await this.read(new Map(batch.map((n) => [n.nodeId, n.windowBefore])));
        if (this.closed) return;
        // A node without stored quiet samples gets an empty window: adopting it ends its wait.
        const adopted = await Promise.allSettled(
          batch.map((node) => this.adopt(node, windows.get(node.nodeId) ?? new BaselineWindow())),
        );
        const failed = adopted.filter((result) => result.status === "rejected");
        if (failed.length > 0) this.onError((failed[0] as PromiseRejectedResult).reason, failed.length);
        for (const node of batch) this.failures.delete(node.nodeId);
      } catch (error) {
        // Closed meanwhile: nothing is read again.
        if (this.closed) return;
        // Read again later, unless read MAX_READS times; meanwhile, and after that, those nodes
        // keep their saved statistics and their windows fill from live samples.
        this.onError(error, batch.length);
        for (const node of batch) {
          const failed = (this.failures.get(node.nodeId) ?? 0) + 1;
          if (failed >= MAX_READS || this.waiting.has(node.nodeId)) {
            if (!this.waiting.has(node.nodeId)) this.failures.delete(node.nodeId);
            continue;
          }
          this.failures.set(node.nodeId, failed);
          this.waiting.set(node.nodeId, node);
        }
        this.failedLately = true;
        return;
      }
    }
  }
}
