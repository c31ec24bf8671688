import { LISTEN_QUEUE_FIELDS, type ListenQueueRates, type TrafficRates } from "@levee/shared/traffic-rates";
import type { InterfaceCounters } from "./net-dev.ts";
import type { ListenQueueCounters } from "./net-netstat.ts";
import type { ProtocolCounters } from "./net-snmp.ts";

const WRAP_32 = 2 ** 32;

/** A 32-bit wrap is believed only when it implies less than this increase (else: a reset). */
const MAX_WRAP_DELTA = WRAP_32 / 8;

/**
 * Increase of a kernel counter between two reads. A counter that went down either wrapped at 32
 * bits (32-bit kernels and some drivers) or was reset (interface re-created, driver reloaded):
 * then the new value is what was counted since the reset. A wrap is believed only when the old
 * value sat just under 2^32 and the implied increase is plausible; a reset of a 64-bit counter
 * that happened to hold 2–4 GiB must not read as a 10 Gbit/s burst (a false attack).
 */
export function counterDelta(previous: number, current: number): number {
  if (current >= previous) return current - previous;
  const wrapped = WRAP_32 - previous + current;
  if (previous < WRAP_32 && wrapped < MAX_WRAP_DELTA) return wrapped;
  return current;
}

/** The rates the agent computes: the API's own definition (one shape on both sides). */
export type Rates = TrafficRates;

const perSecond = (delta: number, seconds: number) => (seconds > 0 ? delta / seconds : 0);
const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * Rates over `seconds` (measured on a monotonic clock). Interface rates are 0 when either
 * read lacks the interface (it vanished or just appeared); `rxBps`/`txBps` are bits per second
 * (the API's unit).
 * "Other" is inbound IP traffic that is neither TCP, UDP nor ICMP (never negative).
 *
 * The protocol counters are the whole host's, loopback included: an application and its
 * database on one host, or this agent's own reports to a local API, read as thousands of TCP
 * segments a second, and a burst of them crosses a TCP threshold with no packet from outside.
 * What loopback carried is known in all (its packets, `loopback`: the `lo` counters, given when
 * the sampled interface is not `lo` itself), not by protocol. So the IP packets from outside are
 * exact (all IP in, less loopback's; net/dev and net/snmp are read one after the other, so while
 * loopback is busy it is off by a few packets), and each protocol's rate is capped at that:
 * loopback's traffic never shows beyond what came from outside. It is not lowered by loopback's rate:
 * loopback's packets may all have been of another protocol, and a UDP flood under a busy local
 * database's TCP would read as 0. The price: while loopback is busy, traffic from outside may
 * also show in another protocol's rate, up to its own total (a UDP flood as TCP too).
 */
export function computeRates(
  seconds: number,
  iface: { previous?: InterfaceCounters | undefined; current?: InterfaceCounters | undefined },
  proto: { previous?: ProtocolCounters | undefined; current?: ProtocolCounters | undefined },
  loopback: { previous?: InterfaceCounters | undefined; current?: InterfaceCounters | undefined } = {},
): Rates {
  const { previous: a, current: b } = iface;
  const d = (pick: (c: InterfaceCounters) => number, scale = 1) =>
    a && b ? round(perSecond(counterDelta(pick(a), pick(b)) * scale, seconds)) : 0;
  const p = proto.previous;
  const q = proto.current;
  const dp = (pick: (c: ProtocolCounters) => number) =>
    p && q ? perSecond(counterDelta(pick(p), pick(q)), seconds) : 0;
  const tcp = dp((c) => c.tcpIn);
  const udp = dp((c) => c.udpIn);
  const icmp = dp((c) => c.icmpIn);
  const ip = dp((c) => c.ipIn);
  const { previous: lo0, current: lo1 } = loopback;
  const fromOutside =
    lo0 && lo1 ? Math.max(0, ip - perSecond(counterDelta(lo0.rxPackets, lo1.rxPackets), seconds)) : ip;
  // Without protocol counters `ip` is 0 and so is every protocol: the cap changes nothing then.
  const offHost = (rate: number) => round(lo0 && lo1 ? Math.min(rate, fromOutside) : rate);
  return {
    rxPps: d((c) => c.rxPackets),
    rxBps: d((c) => c.rxBytes, 8),
    txPps: d((c) => c.txPackets),
    txBps: d((c) => c.txBytes, 8),
    tcpPps: offHost(tcp),
    udpPps: offHost(udp),
    icmpPps: offHost(icmp),
    otherPps: offHost(Math.max(0, ip - tcp - udp - icmp)),
  };
}

/**
 * Listen-queue rates (TcpExt counters, wraps and resets as counterDelta): null where either read
 * lacks the counter — not read, which the API stores as NULL and a chart shows as a gap.
 */
export function listenQueueRates(
  seconds: number,
  previous: ListenQueueCounters | undefined,
  current: ListenQueueCounters | undefined,
): ListenQueueRates {
  const rates = {} as ListenQueueRates;
  for (const field of LISTEN_QUEUE_FIELDS) {
    const a = previous?.[field];
    const b = current?.[field];
    rates[field] = a === undefined || b === undefined ? null : round(perSecond(counterDelta(a, b), seconds));
  }
  return rates;
}
