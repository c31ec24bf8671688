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

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
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
