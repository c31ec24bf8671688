import type { CaptureSummary } from "@levee/shared/classification/capture-summary";
import type { SocketCounts, TrafficRates } from "@levee/shared/traffic-rates";

/** One telemetry sample, exactly the shape of the API's TelemetrySampleInput. */
export interface TelemetrySample extends TrafficRates, SocketCounts {
  /** ISO-8601 wall-clock time of the read; strictly increasing per agent. */
  ts: string;
  interface: string;
  capture?: CaptureSummary | undefined;
}
