import type { CaptureSummary } from "../../../api/src/classification/capture-summary.ts";

/** One telemetry sample, exactly the shape of the API's TelemetrySampleInput. */
export interface TelemetrySample {
  /* Rates are per second: packets for *Pps, bits for *Bps. */
  /** ISO-8601 wall-clock time of the read; strictly increasing per agent. */
  ts: string;
  interface: string;
  rxPps: number;
  rxBps: number;
  txPps: number;
  txBps: number;
  tcpPps: number;
  udpPps: number;
  icmpPps: number;
  otherPps: number;
  synRecv: number;
  tcpEstablished: number;
  tcpTotal: number;
  capture?: CaptureSummary | undefined;
}
