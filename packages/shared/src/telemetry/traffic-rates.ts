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
