import type { CaptureSummary } from "../../../api/src/classification/capture-summary.ts";
import type { SocketCounts, TrafficRates } from "../../../api/src/telemetry/traffic-rates.ts";

/** One telemetry sample, exactly the shape of the API's TelemetrySampleInput. */
export interface TelemetrySample extends TrafficRates, SocketCounts {
  /** ISO-8601 wall-clock time of the read; strictly increasing per agent. */
  ts: string;
  interface: string;
  capture?: CaptureSummary | undefined;
}
