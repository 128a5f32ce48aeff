/**
 * The three rates at county scale: `unitCounts` (every appeal joined to its ancestors through
 * its path, first accept from the workflow history, accept deadline from the timers) for all
 * villages, towns and the district at once, over N synthetic appeals of one year. Floor, in the
 * same run on the same rows: a bare `GROUP BY path` count of the appeals (one scan, no joins).
 * Run: npx tsx bench/appeal-rates.bench.ts   (BENCH_DATABASE_URL for PostgreSQL; APPEALS=N)
 */
import pg from "pg";
import { sql } from "drizzle-orm";
import { openDatabase, queryRows, type DbHandle } from "../server/db/client.js";
import { migrate } from "../server/db/migrate.js";
import { unitCounts } from "../server/modules/appeals/rates/rates.repo.js";
import { fmtMs, median, writeSection } from "./lib.js";

const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const APPEALS = Number(process.env.APPEALS ?? 50_000);
const TOWNS = 20;
const VILLAGES_PER_TOWN = 25;
const RUNS = 5;

/** A district with 20 towns × 25 villages, a category, and N appeals with history and timers (set-based). */
async function seed(h: DbHandle): Promise<void> {
  const db = h.db;
  const city = crypto.randomUUID();
  const district = crypto.randomUUID();
  await db.execute(sql`INSERT INTO org_units (id, parent_id, level, kind, name, official_name, path, depth, agricultural) VALUES
    (${city}, NULL, 'city', 'city', '市', '市', ${`/${city}/`}, 0, false),
    (${district}, ${city}, 'district', 'district', '区', '区', ${`/${city}/${district}/`}, 1, true)`);
  await db.execute(sql`INSERT INTO org_units (id, parent_id, level, kind, name, official_name, path, depth, agricultural)
    SELECT id, ${district}, 'town', 'town', '镇' || g, '镇' || g, ${`/${city}/${district}/`} || id || '/', 2, true
    FROM (SELECT gen_random_uuid() AS id, g FROM generate_series(1, ${TOWNS}) g) s`);
  await db.execute(sql`INSERT INTO org_units (id, parent_id, level, kind, name, official_name, path, depth, agricultural)
    SELECT gen_random_uuid(), t.id, 'village', 'rural', t.name || '村' || g, t.name || '村' || g, '', 3, true
    FROM org_units t CROSS JOIN generate_series(1, ${VILLAGES_PER_TOWN}) g WHERE t.level = 'town'`);
  await db.execute(sql`UPDATE org_units v SET path = t.path || v.id || '/' FROM org_units t WHERE v.parent_id = t.id AND v.level = 'village'`);
  const [cat] = await queryRows<{ id: string }>(db, sql`SELECT id FROM appeal_categories WHERE code = 'environment'`);
  await db.execute(sql`
    WITH v AS (SELECT id, path, row_number() OVER (ORDER BY id) - 1 AS i, count(*) OVER () AS n FROM org_units WHERE level = 'village')
    INSERT INTO appeals (tracking_code, path, handling_unit_id, handling_level, handling_path, category_id, scale, status, channel, description,
                         satisfaction, created_at, updated_at)
    SELECT 'B' || lpad(g::text, 9, '0'), v.path, v.id, 'village', v.path, ${cat?.id}, 'small',
           (ARRAY['closed','resolved','accepted','submitted','rejected'])[1 + g % 5], 'resident', '测试',
           CASE WHEN g % 5 = 0 THEN 1 + g % 5 + (g / 5) % 5 ELSE NULL END,
           timestamptz '2026-01-01 00:00+08' + (g % 360) * interval '1 day', now()
    FROM generate_series(1, ${APPEALS}) g JOIN v ON v.i = g % v.n`);
  await db.execute(sql`UPDATE appeals SET satisfaction = LEAST(satisfaction, 5) WHERE satisfaction IS NOT NULL`);
  await db.execute(sql`INSERT INTO workflow_timers (workflow, entity_id, state, kind, event, due_at, created_at)
    SELECT 'appeal', id, 'submitted', 'event', 'escalate', created_at + interval '30 minutes', created_at FROM appeals`);
  await db.execute(sql`INSERT INTO workflow_history (workflow, entity_id, from_state, to_state, event, actor_name, at)
    SELECT 'appeal', id, 'submitted', 'accepted', 'accept', 'bench', created_at + (CASE WHEN right(tracking_code, 1) IN ('1','2','3') THEN interval '45 minutes' ELSE interval '10 minutes' END)
    FROM appeals WHERE status <> 'submitted'`);
  await db.execute(sql`ANALYZE`);
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return median(xs);
}

async function measure(kind: "pglite" | "postgresql"): Promise<{ floor: number; rates: number; units: number }> {
  let handle: DbHandle;
  let drop: (() => Promise<void>) | null = null;
  if (kind === "pglite") {
    handle = await openDatabase({ dataDir: "", databaseUrl: null, inMemory: true });
  } else {
    const name = `zx_bench_rates_${process.pid}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(PG_URL);
    u.pathname = `/${name}`;
    handle = await openDatabase({ dataDir: "", databaseUrl: u.toString(), poolSize: 2 });
    drop = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  try {
    await migrate(handle);
    await seed(handle);
    const start = new Date("2025-12-31T16:00:00Z");
    const end = new Date("2026-12-31T16:00:00Z");
    const floor = await time(() => queryRows(handle.db, sql`SELECT path, count(*) FROM appeals WHERE created_at >= ${start} AND created_at < ${end} GROUP BY path`));
    if (process.env.EXPLAIN) {
      const { unitCountsSql } = await import("../server/modules/appeals/rates/rates.repo.js");
      const plan = await queryRows<{ "QUERY PLAN": string }>(handle.db, sql`EXPLAIN ANALYZE ${unitCountsSql({ appealScope: sql`true`, unitFilter: sql`true`, start, end })}`);
      console.log(plan.map((r) => r["QUERY PLAN"]).join("\n"));
    }
    let units = 0;
    const rates = await time(async () => {
      const rows = await unitCounts(handle.db, { appealScope: sql`true`, unitFilter: sql`true`, start, end });
      units = rows.length;
    });
    return { floor, rates, units };
  } finally {
    await handle.close();
    await drop?.();
  }
}

const results: string[] = [];
for (const kind of (process.env.KINDS ?? "pglite,postgresql").split(",") as ("pglite" | "postgresql")[]) {
  try {
    const r = await measure(kind);
    console.log(kind, r);
    results.push(`| ${kind} | ${APPEALS.toLocaleString("en")} | ${r.units} | ${fmtMs(r.floor)} | ${fmtMs(r.rates)} | ${(r.rates / r.floor).toFixed(1)}× |`);
  } catch (err) {
    console.error(kind, err);
    results.push(`| ${kind} | ${APPEALS} | — | — | — | failed: ${String(err).slice(0, 60)} |`);
  }
}
writeSection(
  "appeal-rates",
  `## Three rates for a county (issue 5 item 6)

All villages, towns and the district of a synthetic county (20 towns × 25 villages) from one year
of appeals, each with its accept timer and history row; median of ${RUNS} runs after a warm-up.
Floor: a bare \`GROUP BY path\` count over the same appeals in the same run.

| database | appeals | units | floor | three rates | ratio |
|---|---|---|---|---|---|
${results.join("\n")}`,
);
