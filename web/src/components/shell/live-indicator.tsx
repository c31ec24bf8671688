"use client";

import { useLiveStatus } from "@/lib/live/use-live";

const LABEL = {
  // No live subscription open: the page shows nothing that streams (settings, audit), not a fault.
  idle: "Nothing live on this page",
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
} as const;

/** The state of the live connection, always visible; "Reconnecting…" while the socket is being re-opened. */
export function LiveIndicator() {
  const status = useLiveStatus();
  const dot =
    status === "live" ? "bg-success" : status === "reconnecting" ? "bg-warning animate-pulse" : "bg-muted";
  return (
    <span
      role="status"
      data-live={status}
      className="inline-flex items-center gap-2 text-xs font-medium text-muted"
    >
      <span aria-hidden className={`h-2 w-2 rounded-full ${dot}`} />
      {LABEL[status]}
    </span>
  );
}
