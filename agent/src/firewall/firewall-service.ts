import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { AgentConfig } from "../config.ts";
import type { Logger } from "../log.ts";
import { type FirewallHost, reportMitigationResults } from "../transport/agent-api.ts";
import type { GraphQLClient } from "../transport/graphql-client.ts";
import { kernelCapabilities } from "./capabilities.ts";
import { commandRunner } from "./command-runner.ts";
import { FirewallExecutor } from "./executor.ts";
import { FirewallController, type MitigationDirective } from "./firewall-controller.ts";
import { FirewallState } from "./firewall-state.ts";
import { protectedFromHost, readHostFacts } from "./host-facts.ts";

/**
 * The daemon's firewall part: persisted state, executor and controller, plus the host facts
 * (management addresses, gateways, API addresses) reported to the API with the first results
 * and re-read every few minutes.
 */
export class FirewallService {
  private readonly controller: FirewallController;
  private host: FirewallHost | undefined;
  private hostSent = false;
  private hostTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: AgentConfig & { apiUrl: string },
    private readonly client: GraphQLClient,
    private readonly logger: Logger,
    private readonly device: () => string | undefined,
  ) {
    const { firewall } = config;
    const state = new FirewallState(config.stateDir);
    const executor = new FirewallExecutor({
      state,
      run: commandRunner({ netns: firewall.netns }),
      protectedPrefixes: () => protectedFromHost(this.host, firewall.safelist),
      logger,
    });
    this.controller = new FirewallController({
      executor,
      state,
      logger,
      deadManMs: firewall.deadManMinutes * 60_000,
      reconcileIntervalMs: firewall.reconcileIntervalMs,
      send: async (reports) => {
        const host = this.hostSent ? undefined : this.host;
        await reportMitigationResults(this.client, host, reports);
        if (host) this.hostSent = true;
      },
    });
  }

  async start(): Promise<void> {
    await this.refreshHost();
    this.hostTimer = setInterval(() => void this.refreshHost(), 300_000);
    this.hostTimer.unref();
    const capabilities = kernelCapabilities();
    if (capabilities.tcPolice === false)
      this.logger.info("tc police is not in this kernel: tc actions will fail");
    this.logger.debug("XDP unavailable", { reason: capabilities.xdp.reason });
    this.controller.start();
    // The host facts go to the API at once (it refuses actions against them before sending).
    void this.send();
  }

  onDirectives(directives: MitigationDirective[] | undefined): void {
    void this.controller.onDirectives(directives).catch((error: unknown) => {
      this.logger.error("applying firewall actions failed", { err: error });
    });
  }

  stop(): Promise<void> {
    clearInterval(this.hostTimer);
    return this.controller.stop();
  }

  private async send(): Promise<void> {
    if (this.hostSent || !this.host) return;
    try {
      await reportMitigationResults(this.client, this.host, []);
      this.hostSent = true;
    } catch (error) {
      this.logger.debug("host facts not delivered yet", { err: (error as Error).message });
    }
  }

  private async refreshHost(): Promise<void> {
    const routeText = await readFile(join(this.config.procRoot, "net/route"), "utf8").catch(() => "");
    const host = await readHostFacts({ routeText, device: this.device(), apiUrl: this.config.apiUrl });
    if (JSON.stringify(host) !== JSON.stringify(this.host)) {
      this.host = { ...host, capabilities: { tcPolice: kernelCapabilities().tcPolice ?? null, xdp: false } };
      this.hostSent = false;
      await this.send();
    }
  }
}
