// Words for the public page's states. Colours are theme tokens (bg-success, bg-danger, …), so a
// workspace's theme recolours the page without touching this file.
export type Banner = "OPERATIONAL" | "DEGRADED" | "UNDER_ATTACK" | "OFFLINE";
export type Pill = "OPERATIONAL" | "ELEVATED" | "UNDER_ATTACK" | "OFFLINE";

// The page knows a node's state, not whether anything mitigates it (no firewall rule or BGP announcement is
// public), so the banner states only what it knows: until December 5 it said "Under attack: mitigation in
// progress" to customers of a workspace with no mitigation configured at all.
export const BANNER_TEXT: Record<Banner, string> = {
  OPERATIONAL: "All systems operational",
  DEGRADED: "Some systems degraded",
  UNDER_ATTACK: "Under attack",
  OFFLINE: "All systems offline",
};

export const PILL_TEXT: Record<Pill, string> = {
  OPERATIONAL: "Operational",
  ELEVATED: "Elevated traffic",
  UNDER_ATTACK: "Under attack",
  OFFLINE: "Offline",
};

export const BANNER_TONE: Record<Banner, string> = {
  OPERATIONAL: "border-success/60 bg-success/10",
  DEGRADED: "border-warning/60 bg-warning/10",
  UNDER_ATTACK: "border-danger bg-danger/10",
  OFFLINE: "border-muted/60 bg-muted/10",
};

/**
 * What the banner says and how it looks. A page listing no systems says so, neutrally: "All
 * systems operational" above an empty list claimed what the page could not know.
 */
export function bannerView(
  banner: Banner,
  listed: number,
): { key: Banner | "EMPTY"; text: string; tone: string } {
  if (listed === 0)
    return { key: "EMPTY", text: "No systems listed yet", tone: "border-muted/40 bg-surface" };
  return { key: banner, text: BANNER_TEXT[banner], tone: BANNER_TONE[banner] };
}

export const PILL_DOT: Record<Pill, string> = {
  OPERATIONAL: "bg-success",
  ELEVATED: "bg-warning",
  UNDER_ATTACK: "bg-danger",
  OFFLINE: "bg-muted",
};

/** A bar's colour: grey no data, red an incident, amber a gap, green up. */
export function dayTone(day: { uptimePercent?: number | null; incidents: number }): string {
  if (day.uptimePercent === null || day.uptimePercent === undefined) return "bg-muted/30";
  if (day.incidents > 0) return "bg-danger";
  if (day.uptimePercent < 99) return "bg-warning";
  return "bg-success";
}

export function dayLabel(day: { day: string; uptimePercent?: number | null; incidents: number }): string {
  const up =
    day.uptimePercent === null || day.uptimePercent === undefined ? "no data" : `${day.uptimePercent}% up`;
  return `${day.day}: ${up}, ${day.incidents} incident${day.incidents === 1 ? "" : "s"}`;
}

/**
 * Where a bar's tooltip sits (Tailwind classes): over the middle bars centred, at the ends aligned with the
 * bar's outer edge. Centred everywhere, today's tooltip, the rightmost bar's, ran off a 390 px phone ("2026-12-05:
 * 100% up," and the rest cut), and the oldest one off the left edge.
 */
export function tooltipPlacement(index: number, count: number): string {
  if (index < count / 3) return "left-0";
  if (index >= (count * 2) / 3) return "right-0";
  return "left-1/2 -translate-x-1/2";
}
