import type { PublicStatusPage } from "@/lib/status/load-status-page";
import { dayLabel, dayTone, PILL_DOT, PILL_TEXT, tooltipPlacement } from "@/lib/status/status-labels";

type Node = PublicStatusPage["nodes"][number];

/**
 * One system: its pill and 30 daily bars. Each bar is focusable and shows its tooltip (day, % up,
 * incidents) on hover and on keyboard focus alike; its accessible name is the same text.
 */
export function StatusNodeRow({ node }: Readonly<{ node: Node }>) {
  return (
    <li className="flex flex-col gap-3 border-b border-muted/20 px-4 py-4 last:border-b-0">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-medium">{node.name}</h3>
        <span
          data-testid="status-pill"
          data-pill={node.state}
          className="inline-flex items-center gap-1.5 rounded-full border border-muted/40 bg-background px-2.5 py-0.5 text-xs font-semibold"
        >
          <span aria-hidden className={`h-2 w-2 rounded-full ${PILL_DOT[node.state]}`} />
          {PILL_TEXT[node.state]}
        </span>
      </div>
      <ol
        aria-label={`${node.name}: daily uptime, last 30 days, oldest first`}
        className="flex h-8 gap-[2px]"
      >
        {node.days.map((day, index) => (
          <li key={day.day} className="group relative flex-1">
            {/* A button: focusable by keyboard and by a tap on a phone; focus shows the tooltip. */}
            <button
              type="button"
              aria-label={dayLabel(day)}
              data-testid="uptime-day"
              className={`block h-full w-full rounded-sm outline-none focus-visible:ring-2 focus-visible:ring-text focus-visible:ring-offset-1 ${dayTone(day)}`}
            />
            <span
              role="tooltip"
              aria-hidden
              className={`pointer-events-none absolute bottom-full ${tooltipPlacement(index, node.days.length)} z-10 mb-2 hidden whitespace-nowrap rounded-theme bg-text px-2 py-1 text-xs text-background shadow group-focus-within:block group-hover:block`}
            >
              {dayLabel(day)}
            </span>
          </li>
        ))}
      </ol>
      <p className="flex justify-between text-xs text-muted">
        <span>30 days ago</span>
        <span>{node.uptimePercent === null ? "No data yet" : `${node.uptimePercent}% uptime`}</span>
        <span>Today</span>
      </p>
    </li>
  );
}
