import { GatheredLoader } from "../db/gathered-loader.ts";
import { prepared, type SqlClient } from "../db/sql-client.ts";

/** An API key as authentication reads it (authenticate.ts decides what it may do). */
export interface ApiKeyRow {
  id: string;
  workspaceId: string;
  name: string;
  kind: "AGENT" | "INTEGRATION";
  prefix: string;
  scopes: string[];
  nodeId: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** last_used_at is written at most this often per key. */
const TOUCH_KEY_EVERY_MS = 60_000;

/**
 * Keys not in the key cache, read by their hash in batches, each batch's use recorded by the
 * same statement. A cold key cost two Prisma queries (the look-up, then the `last_used_at`
 * write), one after the other: 10,000 agents reconnecting after an API restart were 20,000
 * queries, the largest part of the API's CPU in the storm. Look-ups asked for in the same turn
 * (or while the previous batch runs) now go together, up to 500 keys a statement.
 * The write skips rows another statement holds (SKIP LOCKED): two processes touching the same
 * keys never wait on or deadlock with each other. When the holder is not another touch (a
 * revocation, a rename, a node's deletion), this use goes unrecorded until the key's next cache
 * miss; last_used_at is approximate by design (at most once a minute).
 */
export class ApiKeyLookup {
  private readonly loader: GatheredLoader<ApiKeyRow>;

  constructor(sql: SqlClient) {
    this.loader = new GatheredLoader((hashes) => readAndTouch(sql, hashes, new Date()));
  }

  /** The key with this hash, or null when none has it (revoked and expired keys are returned). */
  load(hash: string): Promise<ApiKeyRow | null> {
    return this.loader.load(hash);
  }
}

const READ_AND_TOUCH = prepared(
  `WITH touched AS (
       UPDATE api_key SET last_used_at = $2
        WHERE id IN (
          SELECT id FROM api_key
           WHERE key_hash = ANY($1::text[]) AND revoked_at IS NULL
             AND (expires_at IS NULL OR expires_at > $2)
             AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - make_interval(secs => $3))
           FOR NO KEY UPDATE SKIP LOCKED)
     )
     SELECT id, workspace_id AS "workspaceId", name, kind::text AS kind, prefix, scopes,
            node_id AS "nodeId", expires_at AS "expiresAt", revoked_at AS "revokedAt", key_hash AS "keyHash"
       FROM api_key WHERE key_hash = ANY($1::text[])`,
);

async function readAndTouch(sql: SqlClient, hashes: string[], now: Date): Promise<Map<string, ApiKeyRow>> {
  const rows = await sql.query<ApiKeyRow & { keyHash: string }>(READ_AND_TOUCH, [
    hashes,
    now,
    TOUCH_KEY_EVERY_MS / 1000,
  ]);
  return new Map(rows.map(({ keyHash, ...row }) => [keyHash, row]));
}
