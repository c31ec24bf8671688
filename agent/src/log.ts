/**
 * One levelled, structured logger: a JSON line per entry on stderr (journald keeps it),
 * `{"time","level","component","msg",…fields}`. `once()` logs a message a single time per key,
 * for conditions that persist (no libpcap, unreadable /proc file) and would otherwise repeat.
 */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
type Fields = Record<string, unknown>;

export interface Logger {
  trace(msg: string, fields?: Fields): void;
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  fatal(msg: string, fields?: Fields): void;
  /** Logs at `level` the first time `key` is seen; later calls with the same key are dropped. */
  once(key: string, level: Exclude<LogLevel, "silent">, msg: string, fields?: Fields): void;
  /** Forgets a once-key, so the condition is reported again if it comes back. */
  clear(key: string): void;
  child(component: string): Logger;
}

export interface LoggerOptions {
  level: LogLevel;
  component?: string;
  write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions, seen = new Set<string>()): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level);
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const emit = (level: LogLevel, msg: string, fields: Fields = {}) => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    const entry: Fields = { time: new Date().toISOString(), level, msg };
    if (options.component) entry.component = options.component;
    for (const [key, value] of Object.entries(fields))
      entry[key] = value instanceof Error ? value.message : value;
    write(`${JSON.stringify(entry)}\n`);
  };
  return {
    trace: (msg, fields) => emit("trace", msg, fields),
    debug: (msg, fields) => emit("debug", msg, fields),
    info: (msg, fields) => emit("info", msg, fields),
    warn: (msg, fields) => emit("warn", msg, fields),
    error: (msg, fields) => emit("error", msg, fields),
    fatal: (msg, fields) => emit("fatal", msg, fields),
    once(key, level, msg, fields) {
      if (seen.has(key)) return;
      seen.add(key);
      emit(level, msg, fields);
    },
    clear: (key) => void seen.delete(key),
    child: (component) =>
      createLogger(
        { ...options, component: options.component ? `${options.component}.${component}` : component },
        seen,
      ),
  };
}

export const silentLogger = createLogger({ level: "silent" });
