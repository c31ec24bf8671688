import type { CaptureSummary } from "@levee/shared/classification/capture-summary";
import type { ListenQueueRates, Nullable, SocketCounts, TrafficRates } from "@levee/shared/traffic-rates";

/**
 * One telemetry sample, exactly the shape of the API's TelemetrySampleInput. Socket counts are
 * null when /proc/net/tcp{,6} could not be read, listen-queue rates when /proc/net/netstat
 * (or the counter) could not: not read, never 0.
 */
export interface TelemetrySample extends TrafficRates, Nullable<SocketCounts>, Partial<ListenQueueRates> {
  /** ISO-8601 wall-clock time of the read; strictly increasing per agent. */
  ts: string;
  interface: string;
  capture?: CaptureSummary | undefined;
}
