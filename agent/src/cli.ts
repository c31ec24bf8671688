import { parseArgs } from "node:util";
import { enrollCommand } from "./commands/enroll.ts";
import { EXIT } from "./commands/exit-codes.ts";
import { runCommand } from "./commands/run.ts";
import { statusCommand } from "./commands/status.ts";
import { testCommand } from "./commands/test.ts";
import { ConfigError } from "./config.ts";
import { AGENT_VERSION } from "./version.ts";

export const USAGE = `levee-agent ${AGENT_VERSION} — Levee's Linux agent

Usage:
  levee-agent enroll --api URL --token TOKEN [--name NODE] [--interface IF]
  levee-agent run      sample every second, push telemetry, capture on attack
  levee-agent status   [--json] queue depth, drops, capture and push state
  levee-agent test     one heartbeat round trip and local checks
  levee-agent analyze FILE.pcap [options]   offline analysis of a capture

Common options:
  --config PATH        configuration file (default $LEVEE_AGENT_CONFIG or /etc/levee/agent.json)
  --state-dir DIR      queue and captures (default /var/lib/levee-agent)
  --interface IF       interface to sample, or auto (default-route interface); with enroll
                       it becomes the node's setting, which run follows from the API; given
                       to run (or LEVEE_AGENT_INTERFACE) it pins it, ignoring the setting
  --interval-ms N      sampling interval, 100–60000 (default 1000)
  --log-level LEVEL    trace|debug|info|warn|error|fatal|silent
`;

const OPTIONS = {
  config: { type: "string" },
  "state-dir": { type: "string" },
  interface: { type: "string" },
  "interval-ms": { type: "string" },
  "log-level": { type: "string" },
  api: { type: "string" },
  token: { type: "string" },
  name: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

export type Command = "enroll" | "run" | "status" | "test";

export interface CommonOptions {
  configPath: string | undefined;
  flags: {
    stateDir?: string | undefined;
    interface?: string | undefined;
    sampleIntervalMs?: string | undefined;
    logLevel?: string | undefined;
  };
  api?: string | undefined;
  token?: string | undefined;
  name?: string | undefined;
  json: boolean;
}

export type Parsed =
  | { command: Command; options: CommonOptions }
  | { command: "analyze"; argv: string[] }
  | { command: "help" | "version" }
  | { command: "usage-error"; message: string };

/** argv (without node and script) → a typed command; never throws. */
export function parseCommand(argv: string[]): Parsed {
  const [command, ...rest] = argv;
  if (command === "analyze") return { command, argv: rest };
  if (command === undefined || command === "help" || command === "--help" || command === "-h")
    return { command: "help" };
  if (command === "version" || command === "--version") return { command: "version" };
  if (!["enroll", "run", "status", "test"].includes(command))
    return { command: "usage-error", message: `unknown command "${command}"` };
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>["values"];
  try {
    ({ values } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: false, strict: true }));
  } catch (error) {
    return { command: "usage-error", message: (error as Error).message };
  }
  if (values.help) return { command: "help" };
  return {
    command: command as Command,
    options: {
      configPath: values.config,
      flags: {
        stateDir: values["state-dir"],
        interface: values.interface,
        sampleIntervalMs: values["interval-ms"],
        logLevel: values["log-level"],
      },
      api: values.api,
      token: values.token,
      name: values.name,
      json: values.json ?? false,
    },
  };
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseCommand(argv);
  try {
    switch (parsed.command) {
      case "help":
        process.stdout.write(USAGE);
        return EXIT.OK;
      case "version":
        process.stdout.write(`${AGENT_VERSION}\n`);
        return EXIT.OK;
      case "usage-error":
        process.stderr.write(`levee-agent: ${parsed.message}\n\n${USAGE}`);
        return EXIT.USAGE;
      case "analyze":
        return await analyze(parsed.argv);
      case "enroll":
        return await enrollCommand(parsed.options);
      case "run":
        return await runCommand(parsed.options);
      case "status":
        return statusCommand(parsed.options);
      case "test":
        return await testCommand(parsed.options);
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`levee-agent: ${error.message}\n`);
      return EXIT.CONFIG;
    }
    throw error;
  }
}

/** `analyze` lives in ../analyze (offline pcap analysis); loaded only when asked for. */
async function analyze(argv: string[]): Promise<number> {
  let module: { runAnalyze(argv: string[]): Promise<number> | number };
  try {
    module = await import("./analyze/analyze-command.ts");
  } catch (error) {
    process.stderr.write(
      `levee-agent: offline analysis is not available in this build (${(error as Error).message})\n`,
    );
    return EXIT.SOFTWARE;
  }
  return await module.runAnalyze(argv);
}
