import { createHash } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";

/**
 * A statement of fixed text run often with new parameters (see `prepared`). PostgreSQL parses,
 * analyses and plans an unnamed statement on every call; a named one once per connection, then
 * binds the parameters to its plan.
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

/**
 * The text as a named prepared statement, for statements of the hot paths (a reconnect storm
 * runs each several hundred times). Measured on a storm's batches of 16 nodes: the node read
 * cost its backend 0.30 ms of CPU a call unnamed, 0.14 ms named; the key read 0.13 and 0.08 ms.
 * Only for constant text: each distinct text is a statement kept by every connection that ran
 * it. The name comes from the text, so two texts never share one. PGlite runs the text as is.
 */
export function prepared(text: string): PreparedStatement {
  return { name: `levee_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`, text };
}

/** The raw-SQL surface Levee needs besides Prisma: migrations, health checks, bulk writes. */
export interface SqlClient {
  query<T = Record<string, unknown>>(statement: string | PreparedStatement, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements (no parameters). */
  exec(script: string): Promise<void>;
  /** Runs fn on one connection inside BEGIN/COMMIT (ROLLBACK on throw). */
  transaction<T>(fn: (client: SqlClient) => Promise<T>): Promise<T>;
}

export function sqlClientFromPool(pool: pg.Pool): SqlClient {
  return {
    async query(statement, params) {
      return (await pool.query(configOf(statement, params))).rows;
    },
    async exec(script) {
      await pool.query(script);
    },
    async transaction(fn) {
      const connection = await pool.connect();
      const client: SqlClient = {
        query: async (statement, params) => (await connection.query(configOf(statement, params))).rows,
        exec: async (script) => void (await connection.query(script)),
        transaction: (inner) => inner(client),
      };
      // A connection whose ROLLBACK failed (it broke), or whose prepared statement can no longer
      // run, is destroyed, not handed to the next caller (pool.query destroys it on any error).
      let broken: Error | undefined;
      try {
        await connection.query("BEGIN");
        const result = await fn(client);
        await connection.query("COMMIT");
        return result;
      } catch (error) {
        if (STALE_STATEMENT.has((error as { code?: string }).code ?? "")) broken = error as Error;
        await connection.query("ROLLBACK").catch((rollback: Error) => {
          broken = rollback;
        });
        throw error;
      } finally {
        connection.release(broken);
      }
    },
  };
}

export function sqlClientFromPGlite(db: PGlite): SqlClient {
  const wrap = (target: Pick<PGlite, "query" | "exec">): SqlClient => ({
    async query<T>(statement: string | PreparedStatement, params?: unknown[]) {
      return (await target.query<T>(typeof statement === "string" ? statement : statement.text, params)).rows;
    },
    async exec(script: string) {
      await target.exec(script);
    },
    transaction: (fn) => fn(wrap(target)),
  });
  return {
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
  };
}

/**
 * Errors after which a connection's prepared statement fails on every later call: a migration of
 * a newer process changed the type of a column it returns ("cached plan must not change result
 * type", 0A000), or the statement is gone from the server (26000) while pg still names it.
 */
const STALE_STATEMENT = new Set(["0A000", "26000"]);

function configOf(statement: string | PreparedStatement, params: unknown[] | undefined): pg.QueryConfig {
  return typeof statement === "string"
    ? { text: statement, values: params }
    : { name: statement.name, text: statement.text, values: params };
}
