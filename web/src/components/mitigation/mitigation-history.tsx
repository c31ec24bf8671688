import { EmptyState } from "@/components/ui/feedback";
import { formatBytes, formatTime } from "@/lib/format/units";
import { stepCounters } from "@/lib/mitigation/event-counters";
import { argvLine } from "./preview-panel";
import { StateBadge } from "./state-badge";

export interface HistoryEvent {
  kind: string;
  at: string;
  packets?: number | null;
  bytes?: number | null;
  message?: string | null;
  commands: readonly { argv: readonly string[]; exitCode?: number | null; stderr: string }[];
}

/**
 * Every step of firewall actions, newest first: what was run (argv), what it answered (exit code, stderr)
 * and the counters read at that step. Used for the workspace history and an incident's timeline.
 */
export function MitigationHistory({
  events,
  describe,
  empty,
}: Readonly<{
  events: readonly (HistoryEvent & { key: string })[];
  describe?: (event: HistoryEvent & { key: string }) => string;
  empty: string;
}>) {
  if (events.length === 0) return <EmptyState title={empty} />;
  return (
    <ol className="flex flex-col gap-3" data-testid="mitigation-history">
      {events.map((event) => {
        const counters = stepCounters(event);
        return (
          <li key={event.key} className="rounded-theme border border-muted/20 p-3" data-kind={event.kind}>
            <div className="flex flex-wrap items-center gap-3 text-sm">
              <StateBadge state={event.kind} />
              <span className="text-muted">{formatTime(event.at)}</span>
              {describe && <span className="font-medium">{describe(event)}</span>}
              {counters && (
                <span className="text-muted">
                  {counters.packets.toLocaleString("en")} packets
                  {counters.bytes != null && ` · ${formatBytes(counters.bytes)}`} dropped
                </span>
              )}
            </div>
            {event.message && <p className="mt-1 text-sm">{event.message}</p>}
            {event.commands.length > 0 && (
              <pre className="mt-2 overflow-x-auto rounded-theme bg-background p-2 text-xs leading-relaxed">
                {event.commands.map((c, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: commands of one step are an ordered list
                  <code key={i} className="block">
                    {argvLine(c.argv)}
                    {c.exitCode != null && <span className="text-muted">{`  → exit ${c.exitCode}`}</span>}
                    {c.stderr && <span className="block pl-4 text-danger">{c.stderr}</span>}
                  </code>
                ))}
              </pre>
            )}
          </li>
        );
      })}
    </ol>
  );
}
