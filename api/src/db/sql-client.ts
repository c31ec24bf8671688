import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";

/** The raw-SQL surface Levee needs besides Prisma: migrations, health checks, bulk writes. */
export interface SqlClient {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements (no parameters). */
  exec(script: string): Promise<void>;
  /** Runs fn on one connection inside BEGIN/COMMIT (ROLLBACK on throw). */
  transaction<T>(fn: (client: SqlClient) => Promise<T>): Promise<T>;
}

export function sqlClientFromPool(pool: pg.Pool): SqlClient {
  return {
    async query(text, params) {
      return (await pool.query(text, params as unknown[])).rows;
    },
    async exec(script) {
      await pool.query(script);
    },
    async transaction(fn) {
      const connection = await pool.connect();
      const client: SqlClient = {
        query: async (text, params) => (await connection.query(text, params as unknown[])).rows,
        exec: async (script) => void (await connection.query(script)),
        transaction: (inner) => inner(client),
      };
      // A connection whose ROLLBACK failed (it broke) is destroyed, not handed to the next caller.
      let broken: Error | undefined;
      try {
        await connection.query("BEGIN");
        const result = await fn(client);
        await connection.query("COMMIT");
        return result;
      } catch (error) {
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
    async query<T>(text: string, params?: unknown[]) {
      return (await target.query<T>(text, params)).rows;
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
