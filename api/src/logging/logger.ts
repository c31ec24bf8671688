import pino, { type Logger } from "pino";

export type { Logger };

/** One structured JSON logger for the process; children carry a `component` field. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({
    level,
    base: { service: "levee-api" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ["*.password", "*.token", "*.secret", "req.headers.authorization", "req.headers.cookie"],
    },
  });
}
