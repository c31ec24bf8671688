"use client";

import { useEffect, useState } from "react";
import { formatAgo, formatTime } from "@/lib/format/units";

/**
 * "12 s ago", kept current. The server and the browser's first render both show the fixed UTC time, and
 * the relative text only after mount: a relative time computed on the server is stale by the time the page
 * hydrates, and that text mismatch was React error #418 on the Nodes page.
 */
export function TimeAgo({
  iso,
  never = "never",
}: Readonly<{ iso: string | null | undefined; never?: string }>) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 10_000);
    return () => clearInterval(timer);
  }, []);
  // A new time (a live update) is measured against now, not against the last tick of the timer.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again because `iso` changed
  useEffect(() => setNow(Date.now()), [iso]);
  if (!iso) return <>{never}</>;
  return (
    <time dateTime={iso} title={formatTime(iso)}>
      {now === null ? `at ${formatTime(iso)}` : formatAgo(iso, now)}
    </time>
  );
}
