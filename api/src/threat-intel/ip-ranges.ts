// Range lookups for the threat-intel tables; addresses and ranges are parsed by @levee/shared/cidr.
import { parseIp } from "@levee/shared/cidr";

/** An IP address as the range tables key it: IPv4 as a number, IPv6 as a 128-bit bigint. */
export type IpKey = { version: 4; value: number } | { version: 6; value: bigint };

export function ipKey(text: string): IpKey | undefined {
  const ip = parseIp(text);
  if (!ip) return undefined;
  return ip.version === 4 ? { version: 4, value: Number(ip.value) } : { version: 6, value: ip.value };
}

/**
 * Sorted, non-overlapping inclusive ranges with a value index each, found by binary search.
 * Keys are numbers (IPv4) or bigints (IPv6); overlapping input is merged (first value wins).
 */
export class RangeTable<K extends number | bigint> {
  private readonly firsts: K[];
  private readonly lasts: K[];
  private readonly values: number[];

  constructor(ranges: { first: K; last: K; value: number }[]) {
    const sorted = [...ranges].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    this.firsts = [];
    this.lasts = [];
    this.values = [];
    for (const range of sorted) {
      const at = this.lasts.length - 1;
      const previous = this.lasts[at];
      if (previous !== undefined && range.first <= previous) {
        if (range.last > previous) this.lasts[at] = range.last;
        continue;
      }
      this.firsts.push(range.first);
      this.lasts.push(range.last);
      this.values.push(range.value);
    }
  }

  get size(): number {
    return this.firsts.length;
  }

  /** The value index of the range holding `key`, or -1. */
  find(key: K): number {
    let low = 0;
    let high = this.firsts.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((this.firsts[mid] as K) <= key) low = mid + 1;
      else high = mid - 1;
    }
    return high >= 0 && key <= (this.lasts[high] as K) ? (this.values[high] as number) : -1;
  }
}
