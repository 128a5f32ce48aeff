import type { TestProject } from "vitest/node";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openDatabase } from "../server/db/client.js";
import { migrate } from "../server/db/migrate.js";
import { seedDemo } from "../server/modules/demo/demo.service.js";
import { ManualClock } from "../server/platform/clock.js";
import { TEST_SECRET } from "./helpers/secret.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** PGlite: path of the migrated + seeded data-dir image each test file loads. */
    goldenImage: string;
    /** PostgreSQL: the template database each test file copies. */
    pgTemplate: string;
  }
}

export const TEST_CLOCK_START = "2026-03-02T01:00:00Z";

/**
 * Migrates and seeds the Shantou demo data ONCE per run (the golden image); every test file
 * then starts from a copy: a PGlite data-dir dump, or a PostgreSQL template database.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kind = process.env.ZX_TEST_DB ?? project.config.env?.ZX_TEST_DB;
  const clock = new ManualClock(TEST_CLOCK_START);
  if (kind === "postgres") {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error("TEST_DATABASE_URL is not set");
    const name = `zxt_${process.pid}_golden`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const handle = await openDatabase({ dataDir: "", databaseUrl: withDatabase(url, name), poolSize: 2 });
    await migrate(handle);
    await seedDemo({ db: handle.db, clock, secret: TEST_SECRET });
    await handle.close();
    project.provide("pgTemplate", name);
    project.provide("goldenImage", "");
    return async () => {
      // Drop the template and any per-file copies a crashed worker left behind.
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1`,
        [`zxt_${process.pid}_%`],
      );
      for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      await admin.end();
    };
  }
  const handle = await openDatabase({ dataDir: "", databaseUrl: null, inMemory: true });
  await migrate(handle);
  await seedDemo({ db: handle.db, clock, secret: TEST_SECRET });
  if (!handle.pglite) throw new Error("expected PGlite");
  const image = await handle.pglite.dumpDataDir("gzip");
  await handle.close();
  const dir = mkdtempSync(join(tmpdir(), "zx-golden-"));
  const file = join(dir, "golden.tar.gz");
  writeFileSync(file, Buffer.from(await image.arrayBuffer()));
  project.provide("goldenImage", file);
  project.provide("pgTemplate", "");
  return async () => rmSync(dir, { recursive: true, force: true });
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
