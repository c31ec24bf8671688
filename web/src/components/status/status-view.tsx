"use client";

// The live status page. Server-rendered with the page's data, then every POLL_MS it reads
// status.json (the same answer for every visitor, cacheable) and re-renders banner, pills, bars and
// history in place. Polling rather than a subscription: one cached GET per visitor every few seconds
// costs the API at most one query per slug per second however many people watch, needs no WebSocket
// through CDNs or custom domains, and keeps the page within the 5 s freshness target.
import { useEffect, useState } from "react";
import type { PublicStatusPage } from "@/lib/status/load-status-page";
import { StatusBanner } from "./status-banner";
import { StatusIncidents } from "./status-incidents";
import { StatusNodeRow } from "./status-node-row";
import { StatusNotices } from "./status-notices";
import { StatusSubscribe } from "./status-subscribe";

export const POLL_MS = 2_000;

/** `base`: the page's own address prefix, `/s/<slug>`, or "" on the workspace's custom domain. */
export function StatusView({ base, initial }: Readonly<{ base: string; initial: PublicStatusPage }>) {
  const [page, setPage] = useState(initial);
  const [stale, setStale] = useState(false);
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      if (document.hidden) return;
      try {
        const response = await fetch(`${base}/status.json`, { cache: "no-store" });
        if (!response.ok) throw new Error(String(response.status));
        const next = (await response.json()) as PublicStatusPage;
        if (!stopped) {
          setPage(next);
          setStale(false);
        }
      } catch {
        if (!stopped) setStale(true);
      }
    };
    const timer = setInterval(poll, POLL_MS);
    document.addEventListener("visibilitychange", poll);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", poll);
    };
  }, [base]);

  return (
    <main className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-8 sm:px-6 sm:py-12">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold sm:text-3xl">{page.title}</h1>
        {page.description && <p className="text-muted">{page.description}</p>}
      </header>
      <StatusBanner
        banner={page.banner}
        generatedAt={page.generatedAt}
        stale={stale}
        listed={page.nodes.length}
      />
      <StatusNotices notices={page.notices} />
      <section aria-labelledby="systems-heading" className="rounded-theme border border-muted/30 bg-surface">
        <h2 id="systems-heading" className="border-b border-muted/20 px-4 py-3 text-base font-semibold">
          Systems
        </h2>
        {page.nodes.length === 0 ? (
          <p className="px-4 py-4 text-sm text-muted">No systems are listed on this page yet.</p>
        ) : (
          <ul>
            {page.nodes.map((node) => (
              <StatusNodeRow key={node.name} node={node} />
            ))}
          </ul>
        )}
      </section>
      <StatusIncidents base={base} incidents={page.incidents} />
      {page.subscribable && (
        <StatusSubscribe
          slug={page.slug}
          nodes={page.nodes.map((n) => n.name)}
          via={page.passwordProtected ? `${base}/subscribe` : undefined}
        />
      )}
      <footer className="flex flex-wrap gap-4 text-sm text-muted">
        <a className="underline underline-offset-4 hover:text-primary" href={`${base}/feed.atom`}>
          Atom feed
        </a>
        <a className="underline underline-offset-4 hover:text-primary" href={`${base}/status.json`}>
          JSON
        </a>
      </footer>
    </main>
  );
}
