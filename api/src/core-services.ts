import type { Config } from "./config.ts";
import type { Database } from "./db/database.ts";
import type { JobQueue } from "./jobs/index.ts";
import type { Logger } from "./logging/logger.ts";
import type { TopicPubSub } from "./pubsub/topic-pubsub.ts";
import type { Topics } from "./topics.ts";

/**
 * The few long-lived parts engines (detection, classification, incidents, node status) need.
 * Engines take this, not all of AppServices (services.ts), so the service container and the
 * request context can name the engines without an import cycle back to them.
 */
export interface CoreServices {
  config: Config;
  database: Database;
  pubsub: TopicPubSub<Topics>;
  jobs: JobQueue;
  logger: Logger;
}
