import type { PublicStatusPage } from "@/lib/status/load-status-page";

type Notice = PublicStatusPage["notices"][number];

const when = (iso: string) => `${iso.replace("T", " ").slice(0, 16)} UTC`;

/** Scheduled maintenance, current first; nothing when there is none. */
export function StatusNotices({ notices }: Readonly<{ notices: readonly Notice[] }>) {
  if (notices.length === 0) return null;
  return (
    <section aria-labelledby="maintenance-heading" className="flex flex-col gap-2">
      <h2 id="maintenance-heading" className="text-base font-semibold">
        Scheduled maintenance
      </h2>
      <ul className="flex flex-col gap-2">
        {notices.map((notice) => (
          <li
            key={`${notice.startsAt}-${notice.message}`}
            data-testid="status-notice"
            className="rounded-theme border border-accent/60 bg-accent/10 px-4 py-3 text-sm"
          >
            <p className="font-medium">{notice.message}</p>
            <p className="text-muted">
              {notice.active ? "In progress, until " : `${when(notice.startsAt)} to `}
              {when(notice.endsAt)}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
