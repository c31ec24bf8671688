/** Per-interface counters from /proc/net/dev (receive and transmit, packets and bytes). */
export interface InterfaceCounters {
  rxBytes: number;
  rxPackets: number;
  txBytes: number;
  txPackets: number;
}

export interface NetDevParse {
  interfaces: Map<string, InterfaceCounters>;
  /** Lines that did not have the expected shape (skipped), with their 1-based line number. */
  malformed: string[];
}

const DIGITS = /^\d+$/;

/**
 * Parses /proc/net/dev: two header lines, then `name: rxBytes rxPackets … (8 fields) txBytes
 * txPackets … (8 fields)`. The name may touch the colon of a wide counter (`eth0:123`), so the
 * split is on the first colon. Malformed lines are reported and skipped, never thrown.
 */
export function parseNetDev(text: string): NetDevParse {
  const interfaces = new Map<string, InterfaceCounters>();
  const malformed: string[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === "" || line.includes("|")) continue; // blank or header
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon).trim() : "";
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    if (!name || fields.length < 16 || !fields.slice(0, 16).every((f) => DIGITS.test(f))) {
      malformed.push(`line ${i + 1}: ${line.trim().slice(0, 80)}`);
      continue;
    }
    const n = (index: number) => Number(fields[index]);
    interfaces.set(name, { rxBytes: n(0), rxPackets: n(1), txBytes: n(8), txPackets: n(9) });
  }
  return { interfaces, malformed };
}
