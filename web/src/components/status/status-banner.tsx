import { BANNER_TEXT, BANNER_TONE, type Banner } from "@/lib/status/status-labels";

/** The overall state, announced politely to screen readers when it changes. */
export function StatusBanner({
  banner,
  generatedAt,
  stale,
}: Readonly<{ banner: Banner; generatedAt: string; stale: boolean }>) {
  return (
    <section
      aria-live="polite"
      data-testid="status-banner"
      data-banner={banner}
      className={`flex flex-col gap-1 rounded-theme border-2 px-4 py-4 ${BANNER_TONE[banner]}`}
    >
      <p className="text-lg font-semibold">{BANNER_TEXT[banner]}</p>
      <p className="text-xs text-text">
        {stale ? "Connection lost; showing the last known state from " : "Updated "}
        <time dateTime={generatedAt}>{generatedAt.slice(11, 19)} UTC</time>
      </p>
    </section>
  );
}
