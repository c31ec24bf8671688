import type { CaptureSummary } from "./capture-summary.ts";
import { rate } from "./format.ts";

/** Traffic of an incident window's hot samples (those the detector judged over a threshold), over their own lengths. */
export interface HotTraffic {
  seconds: number;
  packets: number;
  bytes: number;
  tcp: number;
  udp: number;
  icmp: number;
}

/** The detector's per-protocol packet thresholds (TCP_PPS, UDP_PPS, ICMP_PPS). */
export type ProtocolThresholds = Partial<Record<"tcp" | "udp" | "icmp", number>>;

export interface RateThresholds {
  pps: number;
  bps: number;
  protocols: ProtocolThresholds;
}

export interface RateVerdict {
  above: boolean;
  /** Packets/s outside ordinary flows, at the higher of the window's average and the hot samples' rate. */
  attackRate: number;
  /** The packet threshold that was crossed (the total's unless only a protocol's was), which the attack traffic must keep a share of. */
  crossedPps: number;
  /** What crossed, when only the hot samples or one protocol did (evidence). */
  detail: string | undefined;
}

const PROTOCOL_NAMES = { tcp: "TCP", udp: "UDP", icmp: "ICMP" } as const;

/**
 * The first threshold `traffic` crosses: its packet rate (the total's for PPS or BPS) and the
 * evidence ("" for the total, which the classifier's rate sentence already states); undefined
 * below all of them.
 */
function crossed(traffic: HotTraffic, limits: RateThresholds): { pps: number; text: string } | undefined {
  const { seconds } = traffic;
  if (traffic.packets / seconds >= limits.pps || (traffic.bytes * 8) / seconds >= limits.bps)
    return { pps: limits.pps, text: "" };
  for (const protocol of ["tcp", "udp", "icmp"] as const) {
    const limit = limits.protocols[protocol];
    const pps = traffic[protocol] / seconds;
    if (limit !== undefined && limit > 0 && pps >= limit)
      return {
        pps: limit,
        text: `${PROTOCOL_NAMES[protocol]} ${rate(pps, "pps")} (threshold ${rate(limit, "pps")})`,
      };
  }
  return undefined;
}

/**
 * Is the window's traffic over a threshold? The detector opens an incident on any metric, so the
 * per-protocol thresholds count as well as the total; and a window's average includes the lulls
 * between its hot samples, so the hot samples' own rate counts too. Pure.
 */
export function judgeRate(
  summary: CaptureSummary,
  seconds: number,
  attackPackets: number,
  limits: RateThresholds,
  hot?: HotTraffic,
): RateVerdict {
  const { tcp, udp, icmp } = summary.protocols;
  const window = { seconds, packets: summary.packets, bytes: summary.bytes, tcp, udp, icmp };
  const overWindow = crossed(window, limits);
  const overHot = hot && hot.seconds > 0 ? crossed(hot, limits) : undefined;
  const attackShare = summary.packets > 0 ? attackPackets / summary.packets : 0;
  const hotRate = hot && hot.seconds > 0 ? (hot.packets / hot.seconds) * attackShare : 0;
  let detail: string | undefined;
  if (overWindow?.text) detail = overWindow.text;
  else if (!overWindow && overHot && hot)
    detail = `${rate(hot.packets / hot.seconds, "pps")} and ${rate((hot.bytes * 8) / hot.seconds, "bit/s")} over the ${hot.seconds.toFixed(1)} s of samples over threshold${overHot.text ? `; ${overHot.text}` : ""}`;
  return {
    above: overWindow !== undefined || overHot !== undefined,
    attackRate: Math.max(attackPackets / seconds, hotRate),
    crossedPps: Math.min(overWindow?.pps ?? limits.pps, overHot?.pps ?? limits.pps),
    detail,
  };
}
