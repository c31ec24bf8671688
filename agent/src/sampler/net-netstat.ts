/**
 * Listen-queue counters from the TcpExt table of /proc/net/netstat (cumulative since boot; each
 * absent when the kernel does not print it): SYN cookies sent, valid and invalid cookies
 * received, and listen-queue overflows and drops.
 */
export interface ListenQueueCounters {
  syncookiesSent?: number | undefined;
  syncookiesRecv?: number | undefined;
  syncookiesFailed?: number | undefined;
  listenOverflows?: number | undefined;
  listenDrops?: number | undefined;
}

/** The kernel's column name → our field. */
const COLUMNS: [string, keyof ListenQueueCounters][] = [
  ["SyncookiesSent", "syncookiesSent"],
  ["SyncookiesRecv", "syncookiesRecv"],
  ["SyncookiesFailed", "syncookiesFailed"],
  ["ListenOverflows", "listenOverflows"],
  ["ListenDrops", "listenDrops"],
];

const PREFIX = "TcpExt:";
const SPACE = 32;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

/**
 * Reads the TcpExt header line and the values line after it, walking both in place: the file
 * is a few kB with ~120 columns, read every sample, and splitting it would allocate a string
 * per column for the five wanted. Undefined when there is no TcpExt table or its values line
 * does not follow the header; a column the header lacks is left out.
 */
export function parseListenQueue(text: string): ListenQueueCounters | undefined {
  const header = lineStarting(text, PREFIX, 0);
  if (header < 0) return undefined;
  const headerEnd = endOfLine(text, header);
  const values = headerEnd + 1;
  if (!text.startsWith(PREFIX, values)) return undefined;
  const valuesEnd = endOfLine(text, values);
  // Column index of each wanted name in the header.
  const wanted = new Map<number, keyof ListenQueueCounters>();
  let column = 0;
  for (let at = header + PREFIX.length; at < headerEnd; ) {
    while (at < headerEnd && text.charCodeAt(at) === SPACE) at++;
    if (at >= headerEnd) break;
    let end = at;
    while (end < headerEnd && text.charCodeAt(end) !== SPACE) end++;
    for (const [name, field] of COLUMNS)
      if (end - at === name.length && text.startsWith(name, at)) wanted.set(column, field);
    column++;
    at = end;
  }
  const counters: ListenQueueCounters = {};
  column = 0;
  for (let at = values + PREFIX.length; at < valuesEnd && wanted.size > 0; ) {
    while (at < valuesEnd && text.charCodeAt(at) === SPACE) at++;
    if (at >= valuesEnd) break;
    let value = 0;
    let digits = true;
    let end = at;
    for (; end < valuesEnd && text.charCodeAt(end) !== SPACE; end++) {
      const c = text.charCodeAt(end);
      if (c < DIGIT_0 || c > DIGIT_9) digits = false;
      else value = value * 10 + (c - DIGIT_0);
    }
    const field = wanted.get(column);
    if (field && digits && end > at) counters[field] = value;
    wanted.delete(column);
    column++;
    at = end;
  }
  return counters;
}

/** Index of the first line of `text` from `from` on that starts with `prefix`, or -1. */
function lineStarting(text: string, prefix: string, from: number): number {
  if (text.startsWith(prefix, from)) return from;
  const at = text.indexOf(`\n${prefix}`, from);
  return at < 0 ? -1 : at + 1;
}

function endOfLine(text: string, from: number): number {
  const end = text.indexOf("\n", from);
  return end < 0 ? text.length : end;
}
