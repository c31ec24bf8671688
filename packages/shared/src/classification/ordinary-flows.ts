import { REFLECTION_PORTS } from "./families.ts";
import type { TrafficProfile } from "./traffic-profile.ts";

/** A heavy source whose packets all come from one source port: a connection or stream, not a flood. */
export interface OrdinaryFlow {
  ip: string;
  protocol: "TCP" | "UDP";
  port: number;
  packets: number;
}

const SERVICE_PORTS = new Set([53, 123, 1900, 11211]);

/**
 * Pairs heavy sources (≥ 1 % of packets) with a source port that this source alone could
 * fill and that carries most (≥ 80 %) of its packets: such a source sends one flow — a
 * download, a stream, a server's replies.
 * Flood sources spread over many ports or hide in a crowd; UDP reflection ports are left
 * to the reflection signatures (a single reflector is still an amplifier).
 */
export function ordinaryFlows(t: TrafficProfile): OrdinaryFlow[] {
  const s = t.summary;
  const floor = s.packets * 0.01;
  const ports = s.topSourcePorts.filter(
    (p) =>
      p.packets >= floor &&
      !(p.protocol === "UDP" && (SERVICE_PORTS.has(p.port) || REFLECTION_PORTS.has(p.port))),
  );
  const used = new Set<number>();
  const flows: OrdinaryFlow[] = [];
  for (const source of s.topSources) {
    if (source.packets < floor) break;
    let best = -1;
    for (let i = 0; i < ports.length; i++) {
      const packets = ports[i]?.packets ?? 0;
      if (used.has(i) || packets > source.packets * 1.1 || packets < source.packets * 0.8) continue;
      const gap = Math.abs(packets - source.packets);
      if (best < 0 || gap < Math.abs((ports[best]?.packets ?? 0) - source.packets)) best = i;
    }
    const port = ports[best];
    if (!port) continue;
    used.add(best);
    flows.push({
      ip: source.ip,
      protocol: port.protocol,
      port: port.port,
      packets: Math.min(source.packets, port.packets),
    });
  }
  return flows;
}
