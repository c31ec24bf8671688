/**
 * A firewall controller as the agent daemon runs it, in a process of its own, for kill -9 tests:
 *   node --import tsx firewall-child.ts STATE_DIR NETNS API_URL DIRECTIVE_JSON
 * Applies the directive in NETNS, reports through the real agent transport to API_URL (the test
 * gives an address nobody listens on, so the report stays unsent), prints "applied", then waits.
 */
import { commandRunner } from "../../src/firewall/command-runner.ts";
import { FirewallExecutor } from "../../src/firewall/executor.ts";
import { FirewallController } from "../../src/firewall/firewall-controller.ts";
import { FirewallState } from "../../src/firewall/firewall-state.ts";
import { silentLogger } from "../../src/log.ts";
import { reportMitigationResults } from "../../src/transport/agent-api.ts";
import { GraphQLClient } from "../../src/transport/graphql-client.ts";

const [stateDir, netns, apiUrl, directive] = process.argv.slice(2) as [string, string, string, string];
const state = new FirewallState(stateDir);
const executor = new FirewallExecutor({
  state,
  run: commandRunner({ netns }),
  protectedPrefixes: () => [],
  logger: silentLogger,
});
const client = new GraphQLClient({
  apiUrl,
  agentKey: "lva_unsent",
  timeoutMs: 1000,
  userAgent: "levee-test",
});
const controller = new FirewallController({
  executor,
  state,
  logger: silentLogger,
  send: (reports) => reportMitigationResults(client, undefined, reports),
  deadManMs: 3_600_000,
  reconcileIntervalMs: 3_600_000,
});
await controller.onDirectives([JSON.parse(directive)]);
process.stdout.write("applied\n");
setInterval(() => {}, 60_000);
