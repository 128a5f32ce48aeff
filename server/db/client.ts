import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { SQL } from "drizzle-orm";
import pg from "pg";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import * as schema from "./schema/index.js";
import { acquireDataDirLock } from "./lock.js";

export type Schema = typeof schema;
/** The root handle or a transaction: every repo function takes one of these first. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DatabaseKind = "pglite" | "postgresql";

export interface DbHandle {
  db: Db;
  kind: DatabaseKind;
  /** Runs a multi-statement SQL script in one transaction (migrations). */
  execScript(sqlText: string): Promise<void>;
  /**
   * Runs fn while holding a PostgreSQL session advisory lock on a dedicated connection, so several
   * app processes starting together take turns (PGlite: a single process, so no lock needed).
   */
  withExclusiveLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** The PGlite instance, for tests that dump/load a golden image. Null on PostgreSQL. */
  pglite: PGlite | null;
}

// node-postgres returns bigint/numeric as strings and timestamps as Date; keep int8 as string
// (drizzle's bigint mode parses) and leave the rest to drizzle's column mappers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export interface OpenOptions {
  dataDir: string;
  databaseUrl: string | null;
  /** Skip the lock file (tests that load a PGlite image in memory). */
  inMemory?: boolean;
  /** Load a PGlite data dir image (tests). */
  loadDataDir?: Blob | File;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  let release = (): void => {};
  let client: PGlite;
  if (opts.inMemory) {
    client = await PGlite.create(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
  } else {
    mkdirSync(opts.dataDir, { recursive: true });
    release = acquireDataDirLock(opts.dataDir);
    try {
      client = await PGlite.create(join(opts.dataDir, "pglite"));
    } catch (err) {
      release();
      throw err;
    }
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    pglite: client,
    async execScript(text) {
      await client.transaction(async (tx) => {
        await tx.exec(text);
      });
    },
    withExclusiveLock: (_name, fn) => fn(),
    async close() {
      await client.close();
      release();
    },
  };
}

async function openPostgres(url: string, max: number): Promise<DbHandle> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection dropped by the server (restart, failover, admin kill) must not crash the
  // process: the pool discards it and the next query opens a new one.
  pool.on("error", (err) => console.error(`[db] idle PostgreSQL connection lost: ${err.message}`));
  // Fail fast with a clear message when the server is unreachable.
  const probe = await pool.connect();
  probe.release();
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: "postgresql",
    pglite: null,
    async execScript(text) {
      const c = await pool.connect();
      try {
        await c.query("BEGIN");
        await c.query(text);
        await c.query("COMMIT");
      } catch (err) {
        await c.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    },
    async withExclusiveLock(name, fn) {
      const c = await pool.connect();
      try {
        await c.query("SELECT pg_advisory_lock(hashtext($1))", [name]);
        return await fn();
      } finally {
        await c.query("SELECT pg_advisory_unlock(hashtext($1))", [name]).catch(() => undefined);
        c.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** Runs raw SQL and returns its rows (the drivers differ in result shape, not in `rows`). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
