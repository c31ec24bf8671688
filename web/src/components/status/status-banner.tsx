import { type Banner, bannerView } from "@/lib/status/status-labels";

/** The overall state (bannerView), announced politely to screen readers when it changes. */
export function StatusBanner({
  banner,
  generatedAt,
  stale,
  listed,
}: Readonly<{ banner: Banner; generatedAt: string; stale: boolean; listed: number }>) {
  const view = bannerView(banner, listed);
  return (
    <section
      aria-live="polite"
      data-testid="status-banner"
      data-banner={view.key}
      className={`flex flex-col gap-1 rounded-theme border-2 px-4 py-4 ${view.tone}`}
    >
      <p className="text-lg font-semibold">{view.text}</p>
      <p className="text-xs text-text">
        {stale ? "Connection lost; showing the last known state from " : "Updated "}
        <time dateTime={generatedAt}>{generatedAt.slice(11, 19)} UTC</time>
      </p>
    </section>
  );
}
