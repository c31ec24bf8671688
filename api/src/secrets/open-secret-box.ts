import { randomBytes } from "node:crypto";
import type { Config } from "../config.ts";
import { createSecretBox, loadOrCreateKeyFile, type SecretBox } from "./secret-box.ts";

/**
 * LEVEE_SECRET_KEY wins; the embedded engine on disk generates its own key file; an in-memory
 * database gets a key for the life of the process (its secrets die with it anyway). PostgreSQL
 * without a key gets a box that refuses to seal, with a message naming the variable.
 */
export async function openSecretBox(config: Pick<Config, "secrets" | "database">): Promise<SecretBox> {
  const { key, previous, keyFile } = config.secrets;
  if (key) return createSecretBox(key, previous);
  if (keyFile) return createSecretBox(await loadOrCreateKeyFile(keyFile), previous);
  const inMemory = config.database.kind === "pglite" && config.database.dataDir === "memory://";
  return createSecretBox(inMemory ? randomBytes(32) : undefined, previous);
}
