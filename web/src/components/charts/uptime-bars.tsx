import { formatPercent } from "@/lib/format/units";

interface Day {
  date: string;
  uptimePercent?: number | null;
  attackMinutes: number;
  onlineMinutes: number;
  expectedMinutes: number;
}

function tone(day: Day): string {
  if (day.uptimePercent === null || day.uptimePercent === undefined) return "fill-muted/25";
  if (day.attackMinutes > 0) return "fill-danger";
  if (day.uptimePercent < 99) return "fill-warning";
  return "fill-success";
}

/** One bar per day (oldest first): green up, amber gaps, red attack minutes, grey no data. */
export function UptimeBars({ days }: Readonly<{ days: readonly Day[] }>) {
  const width = 8;
  const gap = 3;
  return (
    <svg
      viewBox={`0 0 ${days.length * (width + gap)} 32`}
      className="h-8 w-full"
      preserveAspectRatio="none"
      role="img"
      aria-label="Daily uptime, oldest first"
    >
      {days.map((day, i) => (
        <rect key={day.date} x={i * (width + gap)} width={width} height="32" rx="2" className={tone(day)}>
          <title>
            {`${day.date.slice(0, 10)}: ${formatPercent(day.uptimePercent)} up (${day.onlineMinutes}/${day.expectedMinutes} min)${day.attackMinutes ? `, ${day.attackMinutes} min under attack` : ""}`}
          </title>
        </rect>
      ))}
    </svg>
  );
}
