"use client";

import { useEffect, useState } from "react";
import { formatDuration } from "@/lib/format/units";

/**
 * An open incident's duration, counting up each second from the API's figure. The page refreshes
 * on the incident's events (opened, changed, resolved), not each second: without this its
 * "and counting" stood still. The first render shows the API's figure, as the server did (no
 * hydration mismatch); the count starts after mount.
 */
export function LiveDuration({ seconds, open }: Readonly<{ seconds: number; open: boolean }>) {
  const [elapsed, setElapsed] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again because `seconds` changed (a refreshed page's figure: count from it)
  useEffect(() => {
    setElapsed(0);
    if (!open) return;
    const since = Date.now();
    const timer = setInterval(() => setElapsed(Math.floor((Date.now() - since) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [seconds, open]);
  return <>{formatDuration(seconds + elapsed)}</>;
}
