import { wholePercents } from "@/lib/format/shares";
import { formatPps } from "@/lib/format/units";

const PARTS = [
  { key: "tcp", label: "TCP", className: "fill-primary" },
  { key: "udp", label: "UDP", className: "fill-warning" },
  { key: "icmp", label: "ICMP", className: "fill-danger" },
  { key: "other", label: "Other", className: "fill-muted" },
] as const;

export type ProtocolMix = Record<(typeof PARTS)[number]["key"], number>;

/** The latest second split by protocol: one stacked bar (SVG, no inline styles) and its legend. */
export function ProtocolBar({ mix }: Readonly<{ mix: ProtocolMix }>) {
  const total = PARTS.reduce((sum, p) => sum + mix[p.key], 0);
  const percents = wholePercents(PARTS.map((p) => mix[p.key]));
  let offset = 0;
  return (
    <div>
      <svg
        viewBox="0 0 100 6"
        preserveAspectRatio="none"
        className="h-3 w-full overflow-hidden rounded-full"
        aria-hidden
      >
        <rect width="100" height="6" className="fill-muted/20" />
        {total > 0 &&
          PARTS.map((p) => {
            const width = (mix[p.key] / total) * 100;
            const rect = <rect key={p.key} x={offset} width={width} height="6" className={p.className} />;
            offset += width;
            return rect;
          })}
      </svg>
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        {PARTS.map((p, i) => (
          <div key={p.key} className="flex items-center gap-1.5">
            <svg width="8" height="8" aria-hidden>
              <rect width="8" height="8" rx="2" className={p.className} />
            </svg>
            <dt className="text-muted">{p.label}</dt>
            <dd className="ml-auto font-medium tabular-nums">
              {formatPps(mix[p.key])}
              <span className="ml-1 text-xs text-muted">{total > 0 ? `${percents[i]}%` : ""}</span>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
