export interface PortCount {
  port: number;
  packets: number;
}

/** Packets per port (0–65535) for one interval; only touched ports are scanned or cleared. */
export class PortCounter {
  private readonly counts = new Uint32Array(65_536);
  private readonly touched = new Uint16Array(65_536);
  private touchedCount = 0;

  add(port: number, n = 1): void {
    const current = this.counts[port] as number;
    if (current === 0) this.touched[this.touchedCount++] = port;
    this.counts[port] = current + n;
  }

  /** The `limit` busiest ports, busiest first. */
  top(limit: number): PortCount[] {
    const best: PortCount[] = [];
    for (let i = 0; i < this.touchedCount; i++) {
      const port = this.touched[i] as number;
      const packets = this.counts[port] as number;
      if (best.length === limit && packets <= (best[limit - 1] as PortCount).packets) continue;
      let at = best.length < limit ? best.length : limit - 1;
      while (at > 0 && (best[at - 1] as PortCount).packets < packets) at--;
      if (best.length === limit) best.pop();
      best.splice(at, 0, { port, packets });
    }
    return best;
  }

  reset(): void {
    for (let i = 0; i < this.touchedCount; i++) this.counts[this.touched[i] as number] = 0;
    this.touchedCount = 0;
  }
}
