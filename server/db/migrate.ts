import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { queryRows, type DbHandle } from "./client.js";

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "migrations");

interface Migration {
  id: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), "utf8");
      return { id: f.replace(/\.sql$/, ""), sql: text, checksum: createHash("sha256").update(text).digest("hex") };
    });
}

export class MigrationError extends Error {}

/**
 * Applies pending migrations in file-name order, each in its own transaction. A migration that
 * was applied and later edited is refused: migrations are never edited after they land. On
 * PostgreSQL an advisory lock makes concurrent starts of several app processes safe.
 */
export async function migrate(handle: DbHandle, log: (msg: string) => void = () => {}): Promise<string[]> {
  const { db } = handle;
  return handle.withExclusiveLock("zhenxing.migrate", async () => {
    await db.execute(sql`CREATE TABLE IF NOT EXISTS schema_migrations (
      id text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);

    const applied = new Map(
      (await queryRows<{ id: string; checksum: string }>(db, sql`SELECT id, checksum FROM schema_migrations`)).map(
        (r) => [r.id, r.checksum],
      ),
    );
    const done: string[] = [];
    for (const m of readMigrations()) {
      const prior = applied.get(m.id);
      if (prior !== undefined) {
        if (prior !== m.checksum) {
          throw new MigrationError(`Migration ${m.id} was changed after it was applied; add a new migration instead.`);
        }
        continue;
      }
      log(`applying migration ${m.id}`);
      const escaped = m.checksum.replace(/'/g, "");
      await handle.execScript(
        `${m.sql}\n;INSERT INTO schema_migrations (id, checksum) VALUES ('${m.id}', '${escaped}');`,
      );
      done.push(m.id);
    }
    return done;
  });
}
