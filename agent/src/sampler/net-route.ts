/**
 * The interface of the IPv4 default route in /proc/net/route (destination and mask 00000000,
 * RTF_UP set); with several, the lowest metric wins. Undefined when there is none.
 */
export function defaultRouteInterface(text: string): string | undefined {
  let best: { name: string; metric: number } | undefined;
  for (const line of text.split("\n").slice(1)) {
    const [name, destination, , flags, , , metric, mask] = line.trim().split(/\s+/);
    if (!name || destination !== "00000000" || mask !== "00000000") continue;
    const up = (Number.parseInt(flags ?? "0", 16) & 0x1) === 1;
    const m = Number(metric);
    if (!up || !Number.isFinite(m)) continue;
    if (!best || m < best.metric) best = { name, metric: m };
  }
  return best?.name;
}
