/**
 * Residents' intake: throughput and p99 of `POST /r/<grid>` (the QR page's form, multipart, no
 * photo) at 200 concurrent clients, beside a floor measured in the same run — a bare Fastify
 * route doing one INSERT through the same database driver — on PGlite and PostgreSQL. Then the
 * residents' page's transfer size and load time in Chromium under slow-3G emulation (CDP).
 * Run: npx tsx bench/appeal-intake.bench.ts   (BENCH_DATABASE_URL for PostgreSQL, default local trust)
 */
import Fastify from "fastify";
import { sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import { buildApp } from "../server/app.js";
import type { Config } from "../server/config.js";
import { queryRows, type DbHandle } from "../server/db/client.js";
import { migrate } from "../server/db/migrate.js";
import { systemClock } from "../server/platform/clock.js";
import { signboardToken } from "../server/modules/appeals/signboard/signboard-token.js";
import { fmtMs, openLoop, openScratchDb, writeSection, type OpenLoopResult } from "./lib.js";
import { pageUnderSlow3g } from "./appeal-intake-page.js";
import { DEFAULT_INTAKE_LIMITS, type IntakeLimits } from "../server/modules/appeals/resident/resident.routes.js";

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 200);
const DURATION = Number(process.env.DURATION ?? 10);
/** Offered loads for the latency table (req/s); see the notes after the block for why these. */
const RATES = (process.env.RATES ?? "100,400").split(",").map(Number);
export const SECRET = "bench-secret-bench-secret-bench-secret-0123456789";
export const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const GRID_CODE = "440514109210001";

/**
 * The intake spreads its reports over this many grids (round robin), each with the production
 * limits: Shantou has ~3,000–5,000 grids and a real burst arrives from many boards. Sending every
 * report to one grid with its limit lifted made each batch count that grid's tens of thousands of
 * appeals of the last hour — a scan no grid can reach in production, where the per-grid limit
 * (60 an hour) refuses a report before it is stored.
 */
const GRIDS = Number(process.env.GRIDS ?? 1998);

/** `limits`: the production defaults, or lifted for benches that send every report to one grid. */
export function config(port: number, limits: IntakeLimits = { perDevicePer10Min: 1e6, perGridPerHour: 1e6 }): Config {
  return {
    port,
    host: "127.0.0.1",
    dataDir: "/nonexistent",
    uploadsDir: join(tmpdir(), `zx-bench-uploads-${process.pid}`),
    databaseUrl: null,
    secret: SECRET,
    demo: false,
    publicBaseUrl: `http://127.0.0.1:${port}`,
    timeZone: "Asia/Shanghai",
    trustProxy: false,
    logLevel: "silent",
    sweepIntervalMs: 30_000,
    intakeLimits: limits,
  };
}

/**
 * city → district → town → village → grid, inserted directly (no demo seed needed); with
 * `grids` > 1, more grids (999 a village, codes village code + 3 digits) after GRID_CODE's.
 * Returns the grid codes, GRID_CODE first.
 */
export async function seed(h: DbHandle, grids = 1): Promise<{ categoryId: string; gridCodes: string[] }> {
  const chain = [
    ["city", "city", "4405", "汕头市"],
    ["district", "district", "440514", "潮南区"],
    ["town", "town", "440514109", "红场镇"],
    ["village", "rural", "440514109210", "大溪坝村"],
    ["grid", "grid", GRID_CODE, "第1网格"],
  ] as const;
  let parent: string | null = null;
  let path = "/";
  const villages: { id: string; path: string; code: string }[] = [];
  for (const [depth, [level, kind, code, name]] of chain.entries()) {
    const id = randomUUID();
    path = `${path}${id}/`;
    await h.db.execute(sql`INSERT INTO org_units (id, parent_id, level, kind, division_code, name, official_name, path, depth, agricultural)
      VALUES (${id}, ${parent}, ${level}, ${kind}, ${code}, ${name}, ${name}, ${path}, ${depth}, true)`);
    if (level === "grid") await h.db.execute(sql`INSERT INTO grids (org_unit_id, village_id, code, households) VALUES (${id}, ${parent}, ${code}, 400)`);
    if (level === "village") villages.push({ id, path, code });
    parent = id;
  }
  const gridCodes = [GRID_CODE, ...(await moreGrids(h, villages, grids - 1))];
  await h.db.execute(sql`CREATE TABLE bench_floor (id bigserial PRIMARY KEY, description text NOT NULL, created_at timestamptz NOT NULL)`);
  const [cat] = await queryRows<{ id: string }>(h.db, sql`SELECT id FROM appeal_categories WHERE code = 'environment'`);
  return { categoryId: cat?.id ?? "", gridCodes };
}

/** `n` more grids: the first village's 002–999, then further villages of the same town, 999 each. */
async function moreGrids(h: DbHandle, villages: { id: string; path: string; code: string }[], n: number): Promise<string[]> {
  const codes: string[] = [];
  const first = villages[0];
  if (!first || n <= 0) return codes;
  const town = first.path.split("/").slice(0, -2).join("/") + "/";
  for (let v = 0, left = n; left > 0; v++) {
    let village = villages[v];
    if (!village) {
      const id = randomUUID();
      const code = String(Number(first.code) + v);
      village = { id, path: `${town}${id}/`, code };
      await h.db.execute(sql`INSERT INTO org_units (id, parent_id, level, kind, division_code, name, official_name, path, depth, agricultural)
        VALUES (${id}, ${town.split("/").at(-2) ?? null}, 'village', 'rural', ${code}, ${`村${v}`}, ${`村${v}`}, ${village.path}, 3, true)`);
      villages.push(village);
    }
    const from = v === 0 ? 2 : 1;
    const k = Math.min(left, 999 - from + 1);
    await h.db.execute(sql`WITH g AS (
        SELECT gen_random_uuid() AS id, ${village.code}::text || lpad(n::text, 3, '0') AS code, n FROM generate_series(${from}::int, ${from + k - 1}::int) n),
      u AS (INSERT INTO org_units (id, parent_id, level, kind, division_code, name, official_name, path, depth, agricultural)
        SELECT id, ${village.id}::uuid, 'grid', 'grid', code, '第' || n || '网格', '第' || n || '网格', ${village.path}::text || id || '/', 4, true FROM g)
      INSERT INTO grids (org_unit_id, village_id, code, households) SELECT id, ${village.id}::uuid, code, 400 FROM g`);
    for (let i = from; i < from + k; i++) codes.push(`${village.code}${String(i).padStart(3, "0")}`);
    left -= k;
  }
  return codes;
}

export function multipart(fields: Record<string, string>): { body: Buffer; type: string } {
  const b = "----zxbench";
  const parts = Object.entries(fields).map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return { body: Buffer.from(`${parts.join("")}--${b}--\r\n`), type: `multipart/form-data; boundary=${b}` };
}

interface Load {
  rps: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
}

/** Each report from a new phone (its own zx_dev cookie, so a new bucket row): the bucket table's worst case. */
const newDevice = (): string => `zx_dev=b${randomUUID().replace(/-/g, "").slice(0, 20)}`;

/** What the intake sends next: a grid's path and its form (the grids taken in turn). */
type Next = () => { path: string; body: Buffer };

/**
 * Saturation, closed loop: CONNECTIONS clients each sending its next request as soon as the last
 * is answered — the throughput ceiling. Its latency is ≈ CONNECTIONS ÷ throughput by Little's law.
 * `next` (the intake): every report from a new device (see newDevice) to the next grid.
 */
async function load(url: string, body: Buffer, headers: Record<string, string>, next?: Next): Promise<Load> {
  const requests = next
    ? [{ setupRequest: (req: { headers?: Record<string, string> }) => ({ ...req, ...next(), headers: { ...req.headers, ...headers, cookie: newDevice() } }) }]
    : undefined;
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, method: "POST", headers, body, timeout: 30, ...(requests ? { requests } : {}) });
  return { rps: r.requests.average, mean: r.latency.mean, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

/** Latency at a stated offered load: RATES req/s arriving steadily over CONNECTIONS connections (bench/lib.ts openLoop). */
async function atRates(url: string, body: Buffer, headers: Record<string, string>, next?: Next): Promise<OpenLoopResult[]> {
  const origin = new URL(url).origin;
  const out: OpenLoopResult[] = [];
  for (const rate of RATES) {
    const each = next
      ? () => {
          const n = next();
          return { url: origin + n.path, body: n.body };
        }
      : undefined;
    out.push(await openLoop({ url, rate, connections: CONNECTIONS, durationS: DURATION, body, headers: () => (next ? { ...headers, cookie: newDevice() } : headers), ...(each ? { next: each } : {}) }));
  }
  return out;
}

interface Measured {
  floor: Load;
  intake: Load;
  floorAt: OpenLoopResult[];
  intakeAt: OpenLoopResult[];
  appeals: number;
  devices: number;
}

async function measure(kind: "pglite" | "postgresql"): Promise<Measured> {
  const { handle, drop } = await openScratchDb(kind, PG_URL, "zx_bench");
  try {
    await migrate(handle);
    const { categoryId, gridCodes } = await seed(handle, GRIDS);
    // Floor: bare Fastify, one INSERT through the same driver.
    const floorApp = Fastify();
    floorApp.post("/floor", async (req) => {
      const text = String((req.body as { description?: string }).description ?? "");
      await handle.db.execute(sql`INSERT INTO bench_floor (description, created_at) VALUES (${text}, now())`);
      return { ok: true };
    });
    await floorApp.listen({ port: 0, host: "127.0.0.1" });
    const floorUrl = `http://127.0.0.1:${(floorApp.server.address() as { port: number }).port}/floor`;
    const json = { "content-type": "application/json" };
    await load(floorUrl, Buffer.from(JSON.stringify({ description: "warm-up" })), json); // warm-up
    const floorBody = Buffer.from(JSON.stringify({ description: "村口垃圾堆积三天没人清理" }));
    const floor = await load(floorUrl, floorBody, json);
    const floorAt = await atRates(floorUrl, floorBody, json);
    await floorApp.close();

    const app = await buildApp({ db: handle.db, dbKind: handle.kind, config: config(0, DEFAULT_INTAKE_LIMITS), clock: systemClock, version: "bench" });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const port = (app.server.address() as { port: number }).port;
    const forms = gridCodes.map((code) => ({
      path: `/r/${code}`,
      body: multipart({ t: signboardToken(SECRET, code, 1), category: categoryId, description: "村口垃圾堆积三天没人清理", locationText: "村口" }).body,
    }));
    let turn = 0;
    const next: Next = () => forms[turn++ % forms.length] as { path: string; body: Buffer };
    const form = multipart({ t: signboardToken(SECRET, GRID_CODE, 1), category: categoryId, description: "村口垃圾堆积三天没人清理", locationText: "村口" });
    const url = `http://127.0.0.1:${port}/r/${GRID_CODE}`;
    const headers = { "content-type": form.type, accept: "application/json" };
    const probe = await app.inject({ method: "POST", url: `/r/${GRID_CODE}`, payload: form.body, headers });
    if (probe.statusCode !== 201) throw new Error(`intake probe failed: ${probe.statusCode} ${probe.body}`);
    await load(url, form.body, headers, next); // warm-up
    const intake = await load(url, form.body, headers, next);
    const intakeAt = await atRates(url, form.body, headers, next);
    const [n] = await queryRows<{ n: number | string }>(handle.db, sql`SELECT count(*) AS n FROM appeals`);
    const [b] = await queryRows<{ n: number | string }>(handle.db, sql`SELECT count(*) AS n FROM intake_buckets`);
    await app.close();
    const [busiest] = await queryRows<{ n: number | string }>(handle.db, sql`SELECT count(*) AS n FROM appeals GROUP BY grid_id ORDER BY 1 DESC LIMIT 1`);
    console.log(`${kind}: ${n?.n} appeals over ${gridCodes.length} grids, at most ${busiest?.n} in one`);
    return { floor, intake, floorAt, intakeAt, appeals: Number(n?.n ?? 0), devices: Number(b?.n ?? 0) };
  } finally {
    await handle.close();
    await drop();
  }
}

async function main(): Promise<void> {
  const lines = [
    "## Residents' appeal intake",
    "",
    "`POST /r/<grid>` (the QR page's multipart form, no photo; category, description, location text), every report from a",
    `new device (its own zx_dev cookie, so a new bucket row), the reports taken in turn over ${GRIDS} grids of one town with the`,
    "production limits (60 an hour per grid, 5 per 10 minutes per device), beside the floor: a bare Fastify route doing one INSERT",
    "through the same driver, measured in the same run. Each intake checks the signboard token, takes a token from its",
    "device's bucket and counts the per-grid limit (both in the database), checks the category, inserts the appeal, its",
    "deadline timers, the hash-chained audit record and the grid handlers' notifications; reports arriving together are",
    "filed in one transaction (group commit: server/modules/appeals/intake-batch.ts over fileMany in intake.service.ts).",
    "",
    `### Throughput at saturation: ${CONNECTIONS} clients, closed loop (autocannon, in-process, ${DURATION} s)`,
    "",
    "| database | floor req/s | floor p50 / p99 | intake req/s | intake mean / p50 / p99 / max | intake / floor | errors |",
    "|---|---|---|---|---|---|---|",
  ];
  const rateLines = [
    "",
    `### Latency at a stated offered load: ${CONNECTIONS} connections, steady arrivals (bench/lib.ts openLoop, ${DURATION} s)`,
    "",
    "Latency counted from each request's scheduled start (no coordinated omission); in-flight max is the most requests",
    `outstanding at once (at ${CONNECTIONS} the client itself would be queueing).`,
    "",
    "| database | route | offered req/s | achieved req/s | p50 | p99 | max | in flight max | errors |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  const row = (kind: string, route: string, r: OpenLoopResult): string =>
    `| ${kind} | ${route} | ${r.offered} | ${Math.round(r.achieved)} | ${fmtMs(r.p50)} | ${fmtMs(r.p99)} | ${fmtMs(r.max)} | ${r.maxInFlight} | ${r.errors} |`;
  const kinds = (["pglite", "postgresql"] as const).filter((k) => !process.env.BENCH_DB || process.env.BENCH_DB === k);
  for (const kind of kinds) {
    const r = await measure(kind);
    const ratio = r.floor.rps > 0 ? (100 * r.intake.rps) / r.floor.rps : 0;
    const i = r.intake;
    lines.push(
      `| ${kind} | ${Math.round(r.floor.rps)} | ${fmtMs(r.floor.p50)} / ${fmtMs(r.floor.p99)} | ${Math.round(i.rps)} | ${fmtMs(i.mean)} / ${fmtMs(i.p50)} / ${fmtMs(i.p99)} / ${fmtMs(i.max)} | ${ratio.toFixed(0)} % | ${i.errors + i.non2xx} |`,
    );
    r.floorAt.forEach((x, k) => {
      rateLines.push(row(kind, "floor", x));
      const y = r.intakeAt[k];
      if (y) rateLines.push(row(kind, "intake", y));
    });
    console.log(kind, JSON.stringify(r));
  }
  lines.push(
    "",
    `Little's law: ${CONNECTIONS} clients that never pause wait ≈ ${CONNECTIONS} ÷ throughput each, so this table's latency is`,
    "queueing the load generator creates (the floor's included); the goal's p99 < 50 ms is judged on the next table.",
    ...rateLines,
    "",
    `Goals: intake ≥ 50 % of the floor (saturation table), p99 < 50 ms (offered-load table). Load average when the database runs ended: ${loadavg().map((x) => x.toFixed(1)).join(" / ")}`,
    "(1 / 5 / 15 min, 2 cores shared with other work; the bench itself keeps one to two of them busy).",
  );
  if (process.env.BENCH_DB) return; // one database only: a quick check, BENCHMARKS.md untouched
  const page = await pageUnderSlow3g();
  if (page) {
    lines.push(
      "",
      "### The residents' page on a phone (Chromium, 360×640, CDP network emulation, cache off)",
      "",
      `Transfer: **${(page.bytes / 1024).toFixed(1)} KB** in ${page.requests} request${page.requests === 1 ? "" : "s"} (gzipped HTML with its CSS and script inline; goal ≤ 30 KB).`,
      "",
      "| network | DOMContentLoaded | load |",
      "|---|---|---|",
      ...page.rows.map((r) => `| ${r.profile} | ${fmtMs(r.dcl)} | ${fmtMs(r.load)} |`),
      "",
      "Goal: < 2 s. The page is one response (the script inline, allowed by its CSP sha256 hash), so it pays the emulated",
      "latency once. Chromium's emulation adds the latency to the response's first byte, so under the 2,000 ms preset",
      "the page cannot load in under 2 s whatever its size: that row misses the goal by construction; the 400 ms row shows the rest.",
    );
    console.log("page", JSON.stringify(page));
  } else {
    lines.push("", "(Chromium missing: page size and load time not measured.)");
  }
  writeSection("appeal-intake", lines.join("\n"));
}

// Run only when invoked directly (the per-report cost bench imports the helpers above).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
