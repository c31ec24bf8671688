import { sparklinePoints } from "@/lib/charts/sparkline-path";

/** Last minutes of packets/s as a small line; SVG, so a list of hundreds of nodes stays cheap. */
export function Sparkline({ values, label }: Readonly<{ values: readonly number[]; label: string }>) {
  const width = 120;
  const height = 28;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={label}
      className="text-primary"
    >
      <polyline
        points={sparklinePoints(values, width, height)}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
      />
    </svg>
  );
}
