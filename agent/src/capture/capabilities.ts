import { readFileSync } from "node:fs";

const CAP_NET_RAW = 13n;

/** The effective capability set from /proc/self/status (`CapEff:\t000001ffffffffff`). */
export function effectiveCapabilities(statusText: string): bigint | undefined {
  const match = /^CapEff:\s*([0-9a-fA-F]+)$/m.exec(statusText);
  return match ? BigInt(`0x${match[1]}`) : undefined;
}

/** Whether this process may open a packet socket: CAP_NET_RAW in its effective set. */
export function canCapture(statusText: string): { ok: boolean; reason?: string } {
  const caps = effectiveCapabilities(statusText);
  if (caps === undefined) return { ok: false, reason: "cannot read the process capabilities" };
  if (((caps >> CAP_NET_RAW) & 1n) === 1n) return { ok: true };
  return {
    ok: false,
    reason: "no CAP_NET_RAW (run as root, or grant it: AmbientCapabilities=CAP_NET_RAW)",
  };
}

export function processCanCapture(): { ok: boolean; reason?: string } {
  try {
    return canCapture(readFileSync("/proc/self/status", "utf8"));
  } catch (error) {
    return { ok: false, reason: `cannot read /proc/self/status: ${(error as Error).message}` };
  }
}
