import { hostname } from "node:os";
import { processCanCapture } from "../capture/capabilities.ts";
import { loadPcap } from "../capture/pcap-source.ts";
import type { CommonOptions } from "../cli.ts";
import { configPath, interfacePinned, loadConfig, requireEnrolled, startInterface } from "../config.ts";
import { readProc } from "../sampler/proc-reader.ts";
import { heartbeat } from "../transport/agent-api.ts";
import { GraphQLClient } from "../transport/graphql-client.ts";
import { AGENT_VERSION } from "../version.ts";
import { apiFailure } from "./api-failure.ts";
import { EXIT } from "./exit-codes.ts";

/** Local checks (sampling, capture) and one heartbeat round trip; non-zero exit when the API fails. */
export async function testCommand(options: CommonOptions): Promise<number> {
  const path = configPath(options.configPath);
  const config = requireEnrolled(loadConfig({ path, flags: options.flags }), path);
  const say = (label: string, text: string) => process.stdout.write(`${label.padEnd(12)}${text}\n`);

  const proc = await readProc(config.procRoot, true);
  let sampling = true;
  if (!proc.netDev) {
    sampling = false;
    say("sampling", `FAIL ${config.procRoot}/net/dev: ${proc.problems.get("net/dev")}`);
  } else {
    // What `run` starts on: after a followed setting, agent.json's followedInterface, not its `interface`.
    const pinned = interfacePinned(options.flags);
    const start = startInterface(config, pinned);
    const name = start === "auto" ? (proc.defaultInterface ?? "(no default route)") : start;
    const why =
      start === "auto"
        ? " (default route)"
        : !pinned && config.followedInterface
          ? " (the node's setting, as last followed)"
          : "";
    const found = proc.netDev.interfaces.has(name);
    if (!found) sampling = false;
    say(
      "sampling",
      found
        ? `ok, interface ${name}${why}`
        : `FAIL interface ${name} not found (have: ${[...proc.netDev.interfaces.keys()].join(", ")})`,
    );
    for (const [file, problem] of proc.problems) say("", `warning: /proc/${file}: ${problem}`);
  }
  const pcap = loadPcap();
  const allowed = processCanCapture();
  say(
    "capture",
    !config.capture.enabled
      ? "off (capture.enabled = false)"
      : !pcap.ok
        ? `off: ${pcap.reason}`
        : !allowed.ok
          ? `off: ${allowed.reason}`
          : `available (${pcap.pcap.lib_version()})`,
  );

  const client = new GraphQLClient({
    apiUrl: config.apiUrl,
    agentKey: config.agentKey,
    timeoutMs: config.requestTimeoutMs,
    userAgent: `levee-agent/${AGENT_VERSION}`,
  });
  const started = performance.now();
  try {
    const node = await heartbeat(client, { agentVersion: AGENT_VERSION, hostname: hostname() });
    say("api", `ok, ${Math.round(performance.now() - started)} ms round trip to ${client.endpoint}`);
    say("node", `${node.name} (${node.id}), ${node.status}`);
  } catch (error) {
    return apiFailure(
      error,
      "heartbeat failed",
      "the agent key was refused (revoked, or the node was deleted): re-enrol with `levee-agent enroll`",
    );
  }
  return sampling ? EXIT.OK : EXIT.FAILURE;
}
