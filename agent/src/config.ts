import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { LOG_LEVELS } from "./log.ts";

/**
 * Agent configuration: the JSON file written by `enroll` (default /etc/levee/agent.json or
 * $LEVEE_AGENT_CONFIG), then environment variables, then command-line flags, validated together
 * by one zod schema; every problem is listed at once. On-disk paths are derived here only.
 */
export const DEFAULT_CONFIG_PATH = "/etc/levee/agent.json";
export const DEFAULT_STATE_DIR = "/var/lib/levee-agent";

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const httpUrl = z.url().refine(
  (value) => {
    try {
      return ["http:", "https:"].includes(new URL(value).protocol);
    } catch {
      return false; // already reported by z.url()
    }
  },
  { message: "must be an http:// or https:// URL" },
);
/** Linux interface names: up to 15 characters, no slash or whitespace (IFNAMSIZ). */
export const interfaceName = z
  .string()
  .regex(
    /^(auto|[A-Za-z0-9_.:@-]{1,15})$/,
    "must be `auto` or an interface name (1-15 of A-Z a-z 0-9 _ . : @ -)",
  );

export const configSchema = z
  .object({
    apiUrl: httpUrl.optional(),
    agentKey: z
      .string()
      .regex(/^lva_\S+$/, "must be an agent key (lva_…)")
      .optional(),
    nodeId: z.string().min(1).optional(),
    nodeName: z.string().min(1).optional(),
    interface: interfaceName.default("auto"),
    /**
     * The node's interface setting as the agent last followed it (written by the agent, see
     * config-write.ts): a restart starts on it. `interface` stays what a setting of `auto` means.
     */
    followedInterface: interfaceName
      .refine((name) => name !== "auto", "must be an interface name (the agent removes the key for `auto`)")
      .optional(),
    sampleIntervalMs: int(100, 60_000).default(1000),
    /** Calm-time period of the /proc/net/tcp scan (SYN_RECV, established, total); see Sampler. */
    tcpScanIntervalMs: int(100, 60_000).default(10_000),
    stateDir: z.string().min(1).default(DEFAULT_STATE_DIR),
    logLevel: z.enum(LOG_LEVELS).default("info"),
    procRoot: z.string().min(1).default("/proc"),
    requestTimeoutMs: int(500, 120_000).default(10_000),
    heartbeatIntervalMs: int(1000, 3_600_000).default(30_000),
    /** Telemetry over one persistent graphql-ws connection (HTTP when refused), or HTTP only. */
    telemetryTransport: z.enum(["socket", "http"]).default("socket"),
    /** How often a refused key is tried again (and the config file re-read for a new one). */
    authRetryMs: int(1000, 3_600_000).default(60_000),
    /**
     * Ceiling of the back-off while the API is unreachable. 30 s keeps a fleet from hammering an API
     * coming back; `npm start` lowers it to 250 ms for its one local agent (the API is on loopback,
     * started beside it: a refused connection costs it nothing, and a restart shows live traffic as
     * soon as the API listens rather than up to a second later).
     */
    retryMaxMs: int(100, 300_000).default(30_000),
    queue: z
      .object({ capacity: int(1, 1_000_000).default(2000), batchSize: int(1, 2000).default(500) })
      .strict()
      .default({ capacity: 2000, batchSize: 500 }),
    capture: z
      .object({
        enabled: z.boolean().default(true),
        ringPackets: int(0, 1_000_000).default(500),
        snaplen: int(64, 65_535).default(256),
        maxPackets: int(1, 100_000_000).default(10_000),
        bufferBytes: int(1 << 16, 1 << 30).default(4 << 20),
        maxPendingFiles: int(1, 10_000).default(20),
      })
      .strict()
      .default({
        enabled: true,
        ringPackets: 500,
        snaplen: 256,
        maxPackets: 10_000,
        bufferBytes: 4 << 20,
        maxPendingFiles: 20,
      }),
    detection: z
      .object({
        /** Samples below every threshold before a locally started capture ends. */
        quietSamples: int(1, 3600).default(10),
        /** Packets/s that start a capture before the API has sent any threshold. */
        localPpsThreshold: z.number().positive().optional(),
        /** Interface counters are read this often between samples; a short window over the last
         * thresholds heard sends the sample at once (0: off). */
        probeIntervalMs: int(0, 60_000).default(200),
      })
      .strict()
      .default({ quietSamples: 10, probeIntervalMs: 200 }),
    firewall: z
      .object({
        /** Apply the firewall actions the API sends (needs root / CAP_NET_ADMIN and nft, iptables, ipset, tc). */
        enabled: z.boolean().default(true),
        /** Non-permanent actions are removed after this long without an answer from the API. */
        deadManMinutes: z.number().min(0.05).max(1440).default(10),
        reconcileIntervalMs: int(1000, 3_600_000).default(30_000),
        /** Apply inside this named network namespace (`ip netns exec`), e.g. a container's. */
        netns: z
          .string()
          .regex(/^[A-Za-z0-9_.-]{1,64}$/, "a network namespace name")
          .optional(),
        /** Addresses/prefixes this agent never drops or limits, whatever the API sends. */
        safelist: z.array(z.string().max(43)).max(1000).default([]),
      })
      .strict()
      .default({ enabled: true, deadManMinutes: 10, reconcileIntervalMs: 30_000, safelist: [] }),
  })
  .strict();

export type AgentConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    source = "configuration",
  ) {
    super(`Invalid ${source}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Overrides from the environment and flags, in the file's shape (strings become numbers where due). */
export interface Overrides {
  stateDir?: string | undefined;
  interface?: string | undefined;
  sampleIntervalMs?: string | undefined;
  logLevel?: string | undefined;
  procRoot?: string | undefined;
  retryMaxMs?: string | undefined;
}

export const ENV_OVERRIDES: Record<keyof Overrides, string> = {
  stateDir: "LEVEE_AGENT_STATE_DIR",
  interface: "LEVEE_AGENT_INTERFACE",
  sampleIntervalMs: "LEVEE_AGENT_INTERVAL_MS",
  logLevel: "LEVEE_AGENT_LOG_LEVEL",
  procRoot: "LEVEE_AGENT_PROC_ROOT",
  retryMaxMs: "LEVEE_AGENT_RETRY_MAX_MS",
};

/** Overrides that are numbers in the file. */
const NUMERIC_OVERRIDES = new Set<string>(["sampleIntervalMs", "retryMaxMs"]);

export function configPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.LEVEE_AGENT_CONFIG ?? DEFAULT_CONFIG_PATH;
}

/** Validates already-read file contents (or `undefined` when there is no file) plus overrides. */
export function parseConfig(fileText: string | undefined, overrides: Overrides, source: string): AgentConfig {
  let raw: unknown = {};
  if (fileText !== undefined) {
    try {
      raw = JSON.parse(fileText);
    } catch (error) {
      throw new ConfigError([`not valid JSON: ${(error as Error).message}`], source);
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw))
      throw new ConfigError(["must be a JSON object"], source);
  }
  const merged: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    merged[key] = NUMERIC_OVERRIDES.has(key) && /^\d+$/.test(value) ? Number(value) : value;
  }
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const byPath = new Map<string, string>(); // the first problem of each setting
    for (const issue of result.error.issues) {
      const path = issue.path.join(".") || "(root)";
      if (!byPath.has(path)) byPath.set(path, `${path}: ${issue.message}`);
    }
    throw new ConfigError([...byPath.values()], source);
  }
  return result.data;
}

/** Reads the file (missing is allowed only when `optional`) and applies env, then flags. */
export function loadConfig(options: {
  path: string;
  flags?: Overrides;
  env?: NodeJS.ProcessEnv;
  optional?: boolean;
}): AgentConfig {
  const env = options.env ?? process.env;
  let text: string | undefined;
  try {
    text = readFileSync(options.path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!(code === "ENOENT" && options.optional)) {
      const why =
        code === "ENOENT"
          ? "does not exist; enrol first with `levee-agent enroll --api URL --token TOKEN`"
          : `cannot be read (${code ?? (error as Error).message})`;
      throw new ConfigError([`${options.path} ${why}`], "configuration");
    }
  }
  const fromEnv: Overrides = {};
  for (const [key, name] of Object.entries(ENV_OVERRIDES)) fromEnv[key as keyof Overrides] = env[name];
  const flags = Object.fromEntries(Object.entries(options.flags ?? {}).filter(([, v]) => v !== undefined));
  return parseConfig(text, { ...fromEnv, ...flags }, `configuration (${options.path})`);
}

/** --interface or LEVEE_AGENT_INTERFACE given to `run` (or `test`): the node's setting is not followed. */
export function interfacePinned(flags: Overrides, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(flags.interface ?? env[ENV_OVERRIDES.interface]);
}

/**
 * The interface `run` starts on: the pinned value, else the setting it last followed
 * (`followedInterface`), else agent.json's `interface`. `test` checks the same one.
 */
export function startInterface(config: AgentConfig, pinned: boolean): string {
  return pinned ? config.interface : (config.followedInterface ?? config.interface);
}

/** An enrolled configuration: `run` and `test` need both the API URL and the key. */
export function requireEnrolled(
  config: AgentConfig,
  path: string,
): AgentConfig & { apiUrl: string; agentKey: string } {
  const missing = [!config.apiUrl && "apiUrl", !config.agentKey && "agentKey"].filter(Boolean);
  if (missing.length > 0)
    throw new ConfigError(
      missing.map((key) => `${key}: missing; enrol with \`levee-agent enroll --api URL --token TOKEN\``),
      `configuration (${path})`,
    );
  return config as AgentConfig & { apiUrl: string; agentKey: string };
}

/** Every on-disk location the agent uses, derived from the state directory. */
export function statePaths(stateDir: string) {
  return {
    stateDir,
    queueDir: join(stateDir, "queue"),
    captureDir: join(stateDir, "captures"),
    statusFile: join(stateDir, "status.json"),
    detectionFile: join(stateDir, "detection.json"),
    pidFile: join(stateDir, "agent.pid"),
  };
}
export type StatePaths = ReturnType<typeof statePaths>;
