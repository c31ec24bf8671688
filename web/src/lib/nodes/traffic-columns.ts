// The node page keeps one window of points for all its charts: each point's values side by side, in the
// order of SERIES, after the time column. Each chart takes its own series from it by name, so adding a
// chart (the TCP connection chart) cannot shift another chart's columns.
import type { SeriesWindow } from "../charts/series-window";

/** One point of the node's traffic as the page reads it (a stored second or bucket, or a live second). */
export interface TrafficPointIn {
  ts: string;
  rxPps: number;
  rxBps: number;
  tcpPps: number;
  udpPps: number;
  icmpPps: number;
  otherPps: number;
  /** TCP sockets by state; null where the node reported no counts. */
  synRecv: number | null;
  tcpEstablished: number | null;
  tcpTotal: number | null;
  /** A stored bucket's highest SYN_RECV second (live seconds and raw seconds: synRecv itself). */
  maxSynRecv?: number | null;
  /** SYN cookies sent and listen overflows per second; null or absent where the node did not read them. */
  syncookiesSent?: number | null;
  listenOverflows?: number | null;
  /** A stored bucket's highest second of each (live and raw seconds: the value itself). */
  maxSyncookiesSent?: number | null;
  maxListenOverflows?: number | null;
}

const SERIES = [
  "pps",
  "bps",
  "threshold",
  "tcp",
  "udp",
  "icmp",
  "other",
  "synRecv",
  "tcpEstablished",
  "tcpTotal",
  "synRecvPeak",
  "syncookiesSent",
  "listenOverflows",
  "syncookiesPeak",
  "listenOverflowsPeak",
] as const;
export type SeriesName = (typeof SERIES)[number];
export const SERIES_COUNT = SERIES.length;

export const RATE_SERIES = ["pps", "bps", "threshold"] as const;
export const PROTOCOL_SERIES = ["tcp", "udp", "icmp", "other"] as const;
/** The TCP connection chart: sockets by state, and the SYN cookies and listen overflows per second. */
export const CONNECTION_SERIES = [
  "synRecv",
  "tcpEstablished",
  "tcpTotal",
  "syncookiesSent",
  "listenOverflows",
] as const;
/** Not drawn: read for the connection chart's "highest SYN_RECV second". */
export const SYN_RECV_PEAK_SERIES = ["synRecvPeak"] as const;
/** Not drawn: read for the highest SYN cookies and listen overflows second. */
export const LISTEN_QUEUE_PEAK_SERIES = ["syncookiesPeak", "listenOverflowsPeak"] as const;

/** A point's values in SERIES order; the PPS threshold is drawn as a series of its own. */
export function pointValues(p: TrafficPointIn, threshold: number): (number | null)[] {
  const byName: Record<SeriesName, number | null> = {
    pps: p.rxPps,
    bps: p.rxBps,
    threshold,
    tcp: p.tcpPps,
    udp: p.udpPps,
    icmp: p.icmpPps,
    other: p.otherPps,
    synRecv: p.synRecv,
    tcpEstablished: p.tcpEstablished,
    tcpTotal: p.tcpTotal,
    synRecvPeak: p.maxSynRecv ?? p.synRecv,
    syncookiesSent: p.syncookiesSent ?? null,
    listenOverflows: p.listenOverflows ?? null,
    syncookiesPeak: p.maxSyncookiesSent ?? p.syncookiesSent ?? null,
    listenOverflowsPeak: p.maxListenOverflows ?? p.listenOverflows ?? null,
  };
  return SERIES.map((name) => byName[name]);
}

/** One chart's data in uPlot's layout: the time column, then the named series. */
export function chartColumns(
  columns: SeriesWindow["columns"],
  names: readonly SeriesName[],
): [number[], ...(number | null)[][]] {
  return [columns[0], ...names.map((name) => columns[SERIES.indexOf(name) + 1] ?? [])];
}
