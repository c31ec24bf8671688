/**
 * Compact range columns for large offline databases (hundreds of thousands of ranges):
 * IPv4 bounds in Float64Arrays, IPv6 bounds by their upper 64 bits in BigUint64Arrays
 * (geo and AS data is never finer than a /64), a value index per range. Sorted once,
 * found by binary search.
 */
export class CompactRanges {
  private firsts: Float64Array | BigUint64Array;
  private lasts: Float64Array | BigUint64Array;
  private values = new Int32Array(1024);
  size = 0;

  constructor(private readonly version: 4 | 6) {
    this.firsts = version === 4 ? new Float64Array(1024) : new BigUint64Array(1024);
    this.lasts = version === 4 ? new Float64Array(1024) : new BigUint64Array(1024);
  }

  /** Adds an inclusive range (full 128-bit bigints for IPv6). */
  add(first: bigint, last: bigint, value: number): void {
    if (this.size === this.values.length) this.grow();
    if (this.version === 4) {
      (this.firsts as Float64Array)[this.size] = Number(first);
      (this.lasts as Float64Array)[this.size] = Number(last);
    } else {
      (this.firsts as BigUint64Array)[this.size] = first >> 64n;
      (this.lasts as BigUint64Array)[this.size] = last >> 64n;
    }
    this.values[this.size++] = value;
  }

  /** Trims the columns and sorts them by first address if the input was not sorted. */
  finish(): this {
    this.firsts = this.firsts.slice(0, this.size);
    this.lasts = this.lasts.slice(0, this.size);
    this.values = this.values.slice(0, this.size);
    for (let i = 1; i < this.size; i++) {
      if ((this.firsts[i] as number | bigint) < (this.firsts[i - 1] as number | bigint)) {
        this.sort();
        break;
      }
    }
    return this;
  }

  /** Value index of the range holding the address (number for IPv4, 128-bit bigint for IPv6), or -1. */
  find(key: number | bigint): number {
    const k = this.version === 4 ? key : BigInt(key) >> 64n;
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((this.firsts[mid] as number | bigint) <= k) low = mid + 1;
      else high = mid - 1;
    }
    return high >= 0 && k <= (this.lasts[high] as number | bigint) ? (this.values[high] as number) : -1;
  }

  private grow(): void {
    const grow = <T extends Float64Array | BigUint64Array | Int32Array>(column: T): T => {
      const next = new (column.constructor as new (n: number) => T)(column.length * 2);
      next.set(column as never);
      return next;
    };
    this.firsts = grow(this.firsts);
    this.lasts = grow(this.lasts);
    this.values = grow(this.values);
  }

  private sort(): void {
    const order = Array.from({ length: this.size }, (_, i) => i);
    const firsts = this.firsts;
    order.sort((a, b) => ((firsts[a] as number | bigint) < (firsts[b] as number | bigint) ? -1 : 1));
    const lasts = this.lasts;
    const values = this.values;
    this.firsts = firsts.map((_, i) => firsts[order[i] as number] as never) as typeof firsts;
    this.lasts = lasts.map((_, i) => lasts[order[i] as number] as never) as typeof lasts;
    this.values = values.map((_, i) => values[order[i] as number] as number);
  }
}
