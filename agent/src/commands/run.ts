import type { CommonOptions } from "../cli.ts";
import { configPath, interfacePinned, loadConfig, requireEnrolled } from "../config.ts";
import { Daemon } from "../daemon.ts";
import { createLogger } from "../log.ts";
import { EXIT } from "./exit-codes.ts";

const STOP_DEADLINE_MS = 10_000;

/** Runs the daemon until SIGTERM/SIGINT; a second signal exits at once. */
export async function runCommand(options: CommonOptions): Promise<number> {
  const path = configPath(options.configPath);
  const config = requireEnrolled(loadConfig({ path, flags: options.flags }), path);
  const logger = createLogger({ level: config.logLevel });
  // Given on the command line or in the environment, the interface is fixed here: the node's
  // setting is ignored (and the dashboard says so). agent.json's value is only where it starts.
  const daemon = new Daemon(config, path, logger, { interfacePinned: interfacePinned(options.flags) });
  try {
    await daemon.start();
  } catch (error) {
    logger.fatal("levee-agent could not start", { err: error });
    await daemon.stop(2000).catch(() => {});
    return EXIT.SOFTWARE;
  }
  return new Promise<number>((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      signals++;
      if (signals > 1) process.exit(EXIT.FAILURE);
      logger.info("stopping", { signal });
      const deadline = setTimeout(() => {
        logger.error("stop deadline passed; exiting");
        process.exit(EXIT.FAILURE);
      }, STOP_DEADLINE_MS + 2000);
      deadline.unref();
      daemon.stop(STOP_DEADLINE_MS).then(
        () => resolve(EXIT.OK),
        (error) => {
          logger.error("stop failed", { err: error });
          resolve(EXIT.FAILURE);
        },
      );
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
}
