import { pendingCaptures } from "../capture/capture-store.ts";
import type { CommonOptions } from "../cli.ts";
import { type AgentConfig, configPath, loadConfig, statePaths } from "../config.ts";
import { isRunning, readStatus } from "../status-file.ts";
import { inspectQueue } from "../transport/durable-queue.ts";
import { EXIT } from "./exit-codes.ts";

/**
 * What the agent is doing, read from the state directory only (works whether or not the daemon
 * runs, and without network): queue depth and drops from the queue files themselves, the rest
 * from the daemon's status.json.
 */
export function statusCommand(options: CommonOptions): number {
  const path = configPath(options.configPath);
  const config: AgentConfig = loadConfig({ path, flags: options.flags, optional: true });
  const paths = statePaths(config.stateDir);
  let queue: ReturnType<typeof inspectQueue> | { error: string };
  try {
    queue = inspectQueue(paths.queueDir);
  } catch (error) {
    queue = { error: (error as Error).message };
  }
  const daemon = readStatus(paths.statusFile);
  const running = daemon !== undefined && !daemon.stopped && isRunning(daemon.pid);
  const report = {
    config: path,
    apiUrl: config.apiUrl,
    node: config.nodeName,
    enrolled: Boolean(config.agentKey),
    stateDir: config.stateDir,
    running,
    queue:
      "error" in queue
        ? queue
        : { ...queue, oldest: undefined, oldestTs: (queue.oldest as { ts?: string })?.ts },
    capturesPending: pendingCaptures(paths.captureDir).length,
    daemon,
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return EXIT.OK;
  }
  const lines = [
    `config      ${path}${config.agentKey ? ` (node ${config.nodeName ?? config.nodeId ?? "?"}, API ${config.apiUrl})` : " (not enrolled)"}`,
    `daemon      ${running ? `running, pid ${daemon?.pid}, since ${daemon?.startedAt}` : "not running"}`,
  ];
  if ("error" in report.queue) lines.push(`queue       unreadable: ${report.queue.error}`);
  else {
    const q = report.queue;
    lines.push(
      `queue       ${q.depth} waiting${q.oldestTs ? ` (oldest ${q.oldestTs})` : ""}, ${q.dropped} dropped, ${q.sent} sent, ${q.rejected} rejected`,
    );
  }
  lines.push(`state dir   ${config.stateDir}`);
  if (running && daemon) {
    const why = daemon.interfaceProblem
      ? ` (the node's setting is not followed: ${daemon.interfaceProblem})`
      : daemon.interfacePinned
        ? " (pinned by --interface / LEVEE_AGENT_INTERFACE)"
        : "";
    lines.push(`interface   ${daemon.interface ?? "?"}${why}`);
    lines.push(
      `telemetry   ${daemon.push.state}${daemon.push.lastError ? `: ${daemon.push.lastError}` : ""}`,
    );
    const c = daemon.capture;
    lines.push(
      `capture     ${c.enabled ? `on${c.capturing ? `, CAPTURING (incident ${c.incidentId ?? "not yet assigned"})` : ""}` : `off: ${c.reason}`}`,
    );
  }
  lines.push(`uploads     ${report.capturesPending} capture(s) waiting`);
  process.stdout.write(`${lines.join("\n")}\n`);
  return EXIT.OK;
}
