/**
 * The per-second rates of one sample, shared by the agent (what it measures), ingest (what it
 * stores), subscriptions and queries. Packets per second for *Pps, bits per second for *Bps.
 */
export interface TrafficRates {
  rxPps: number;
  rxBps: number;
  txPps: number;
  txBps: number;
  tcpPps: number;
  udpPps: number;
  icmpPps: number;
  otherPps: number;
}

/** Socket counts from /proc/net/tcp and tcp6. */
export interface SocketCounts {
  synRecv: number;
  tcpEstablished: number;
  tcpTotal: number;
}

/**
 * Per-second rates of the kernel's listen-queue counters (TcpExt in /proc/net/netstat):
 * SYN cookies sent (the SYN queue was full: a SYN flood the kernel answers statelessly), cookies
 * that came back valid or invalid, and SYNs or handshakes dropped because a listen queue
 * overflowed. Null: not read (no /proc/net/netstat, a kernel without the field, an agent or
 * sample older than these fields) — never 0, which says "read, and none".
 */
export interface ListenQueueRates {
  syncookiesSent: number | null;
  syncookiesRecv: number | null;
  syncookiesFailed: number | null;
  listenOverflows: number | null;
  listenDrops: number | null;
}

export const LISTEN_QUEUE_FIELDS = [
  "syncookiesSent",
  "syncookiesRecv",
  "syncookiesFailed",
  "listenOverflows",
  "listenDrops",
] as const satisfies readonly (keyof ListenQueueRates)[];

/** Each field may be null ("not read"). */
export type Nullable<T> = { [K in keyof T]: T[K] | null };
