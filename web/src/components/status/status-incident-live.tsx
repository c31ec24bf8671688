"use client";

// An ongoing incident's page follows it: it reads the status page's status.json (the same cached answer
// the page polls) every POLL_MS while the tab is visible, and renders again from the server once the
// incident has ended, changed family or left the history, so a shared link shows the resolution without
// a reload. Renders nothing itself.
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { PublicStatusPage } from "@/lib/status/load-status-page";
import { POLL_MS } from "./status-view";

export function StatusIncidentLive({ base, incidentRef }: Readonly<{ base: string; incidentRef: string }>) {
  const router = useRouter();
  useEffect(() => {
    let stopped = false;
    // The family shown: the server's page is asked again when it changes.
    let family: string | null | undefined;
    let known = false;
    const poll = async () => {
      if (document.hidden) return;
      try {
        const response = await fetch(`${base}/status.json`, { cache: "no-store" });
        if (!response.ok) return;
        const page = (await response.json()) as PublicStatusPage;
        const incident = page.incidents.find((i) => i.ref === incidentRef);
        if (stopped) return;
        if (!known) [family, known] = [incident?.family, true];
        if (!incident || incident.endedAt !== null || incident.family !== family) {
          family = incident?.family;
          router.refresh();
        }
      } catch {
        // The next poll tries again.
      }
    };
    const timer = setInterval(poll, POLL_MS);
    document.addEventListener("visibilitychange", poll);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", poll);
    };
  }, [base, incidentRef, router]);
  return null;
}
