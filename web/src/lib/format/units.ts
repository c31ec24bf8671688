// Human-readable figures for rates, sizes and durations (SI prefixes, three significant digits).

const PREFIXES = ["", "k", "M", "G", "T", "P"];

export function si(value: number, unit: string): string {
  if (!Number.isFinite(value)) return `– ${unit}`.trim();
  let scaled = Math.abs(value);
  let index = 0;
  while (scaled >= 1000 && index < PREFIXES.length - 1) {
    scaled /= 1000;
    index++;
  }
  const digits = scaled >= 100 || index === 0 ? 0 : scaled >= 10 ? 1 : 2;
  const sign = value < 0 ? "-" : "";
  return `${sign}${scaled.toFixed(digits)} ${PREFIXES[index]}${unit}`.trim();
}

/**
 * A value axis's label: `si` without a unit, except that a fractional tick below 1,000 keeps its
 * decimals (`si` shows units without them, so ticks at 2.5 and 7.5 would read "3" and "8").
 */
export function axisTick(value: number): string {
  if (Number.isFinite(value) && Math.abs(value) < 1000 && !Number.isInteger(value)) {
    return String(Number(value.toPrecision(3)));
  }
  return si(value, "");
}

export const formatPps = (pps: number) => si(pps, "pps");
export const formatBps = (bps: number) => si(bps, "bps");

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes / 1024;
  let index = 0;
  while (value >= 1024 && index < units.length - 1) {
    value /= 1024;
    index++;
  }
  return `${value.toFixed(value >= 10 ? 0 : 1)} ${units[index]}`;
}

const DURATION_UNITS: readonly [number, string][] = [
  [86_400, "d"],
  [3600, "h"],
  [60, "min"],
  [1, "s"],
];

/**
 * A span of seconds in words, the one way the dashboard and the status pages write one: the largest
 * unit and the next one down, that one left out when it is zero ("45 s", "5 min 30 s", "1 h 30 min",
 * "2 d 3 h"). `exact` writes every unit that is not zero ("1 h 5 s"), for a setting whose exact
 * value matters, such as a firewall rule's lifetime.
 */
export function formatDuration(seconds: number, { exact = false }: { exact?: boolean } = {}): string {
  let rest = Math.max(0, Math.round(seconds));
  const parts: string[] = [];
  for (const [size, unit] of DURATION_UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${unit}`);
    else if (parts.length > 0 && !exact) break;
    if (!exact && parts.length === 2) break;
  }
  return parts.join(" ") || "0 s";
}

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago" relative to `now`. */
export function formatAgo(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return "never";
  const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (seconds < 60) return `${Math.round(seconds)} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

/** A fixed, locale-independent timestamp (UTC), so server and browser render the same text. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function formatPercent(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined ? "–" : `${value.toFixed(digits)} %`;
}

/** ATTACK_FAMILY → "Attack family". */
export function humanize(constant: string): string {
  const words = constant.toLowerCase().replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
