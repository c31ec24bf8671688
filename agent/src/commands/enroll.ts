import { chmodSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import type { CommonOptions } from "../cli.ts";
import {
  ConfigError,
  configPath,
  ENV_OVERRIDES,
  interfacePinned,
  parseConfig,
  startInterface,
} from "../config.ts";
import { enrollAgent } from "../transport/agent-api.ts";
import { GraphQLClient } from "../transport/graphql-client.ts";
import { writeFileAtomic } from "../transport/journal-files.ts";
import { AGENT_VERSION } from "../version.ts";
import { apiFailure } from "./api-failure.ts";
import { EXIT } from "./exit-codes.ts";

/**
 * Exchanges a one-time enrolment token for this node's agent key and writes the configuration
 * (mode 0600). Settings already in an existing file are kept; the API URL and key are replaced.
 */
export async function enrollCommand(options: CommonOptions): Promise<number> {
  if (!options.api || !options.token) {
    process.stderr.write("levee-agent enroll: --api URL and --token TOKEN are both required\n");
    return EXIT.USAGE;
  }
  const path = configPath(options.configPath);
  const existingText = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  const existing = existingText === undefined ? {} : parseConfig(existingText, {}, `configuration (${path})`);
  // Validate the URL and flags before any network call. The interface as `run` reads it: the
  // flag, else LEVEE_AGENT_INTERFACE, over agent.json's.
  const pinned = interfacePinned(options.flags);
  const draft = parseConfig(
    JSON.stringify({ ...existing, apiUrl: options.api, agentKey: undefined }),
    {
      interface: options.flags.interface ?? process.env[ENV_OVERRIDES.interface],
      stateDir: options.flags.stateDir,
    },
    "enrolment options",
  );
  const client = new GraphQLClient({
    apiUrl: draft.apiUrl as string,
    timeoutMs: draft.requestTimeoutMs,
    userAgent: `levee-agent/${AGENT_VERSION}`,
  });
  // The interface `run` would start on (startInterface, as `run` and `test` decide): pinned by
  // --interface or LEVEE_AGENT_INTERFACE, the pinned value (a `followedInterface` is then the old
  // node's setting, which `run` did not follow, so not this node's); else the setting the agent
  // last followed, else agent.json's value. That becomes the enrolled `interface` (what `auto`
  // means from now on).
  const enrolledInterface = startInterface(draft, pinned);
  let enrolled: Awaited<ReturnType<typeof enrollAgent>>;
  try {
    enrolled = await enrollAgent(client, {
      token: options.token,
      hostname: hostname(),
      agentVersion: AGENT_VERSION,
      nodeName: options.name,
      // Becomes the node's interface setting, which the agent follows from then on.
      interface: enrolledInterface === "auto" ? undefined : enrolledInterface,
    });
  } catch (error) {
    return apiFailure(error, "enrolment failed", "the enrolment token is invalid, expired or already used");
  }
  const fileConfig: Record<string, unknown> = existingText === undefined ? {} : JSON.parse(existingText);
  Object.assign(fileConfig, {
    apiUrl: draft.apiUrl,
    agentKey: enrolled.agentKey,
    nodeId: enrolled.node.id,
    nodeName: enrolled.node.name,
  });
  if (pinned || enrolledInterface !== "auto") fileConfig.interface = enrolledInterface;
  delete fileConfig.followedInterface;
  if (options.flags.stateDir) fileConfig.stateDir = options.flags.stateDir;
  parseConfig(JSON.stringify(fileConfig), {}, "new configuration"); // never write a file `run` rejects
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
    writeFileAtomic(path, `${JSON.stringify(fileConfig, null, 2)}\n`, 0o600);
    chmodSync(path, 0o600);
  } catch (error) {
    throw new ConfigError([`cannot write ${path}: ${(error as Error).message}`], "enrolment");
  }
  process.stdout.write(
    `Enrolled as node "${enrolled.node.name}" (${enrolled.node.id}).\n` +
      `Configuration written to ${path} (mode 0600); it holds the agent key, shown nowhere else.\n` +
      "Next: `levee-agent test`, then `systemctl enable --now levee-agent` (or `levee-agent run`).\n",
  );
  return EXIT.OK;
}
