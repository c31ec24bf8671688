import { formatInZone } from "@/lib/alerts/zoned-time";

/**
 * An instant in the window's own zone (the same text on the server and in the browser), and, once in the
 * browser, in the viewer's zone when its clock reads otherwise (rendering that on the server would not
 * match: React #418).
 */
export function WindowTime({
  iso,
  zone,
  viewer,
}: Readonly<{ iso: string; zone: string; viewer: string | null }>) {
  const there = formatInZone(iso, zone);
  const here = viewer ? formatInZone(iso, viewer) : there;
  return (
    <time dateTime={iso} className="flex flex-col">
      {/* Older zone data in a browser (or a zone it lacks, shown in UTC) may read otherwise than the server's. */}
      <span className="whitespace-nowrap" suppressHydrationWarning>
        {there} <span className="text-muted">{zone}</span>
      </span>
      {here !== there && <span className="whitespace-nowrap text-xs text-muted">{here} your time</span>}
    </time>
  );
}
