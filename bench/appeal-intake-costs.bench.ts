/**
 * Where a residents' report's time goes: every SQL statement the intake sends is timed (a wrapper
 * around Drizzle's one query entry point, `PgPreparedQuery.queryWithCache`) while reports are
 * filed through the real route — one at a time (batches of 1) and 100 at once (group commit) —
 * and the time is summed per statement kind and divided by the reports filed. Measured, so the
 * next optimisation goes where the time is. Transaction BEGIN/COMMIT are sent by the drivers
 * outside that entry point and are not in the table; the wall time per report is.
 * Run: npx tsx bench/appeal-intake-costs.bench.ts   (BENCH_DATABASE_URL for PostgreSQL)
 */
import { PgPreparedQuery } from "drizzle-orm/pg-core";
import { loadavg } from "node:os";
import { buildApp } from "../server/app.js";
import { migrate } from "../server/db/migrate.js";
import { systemClock } from "../server/platform/clock.js";
import { signboardToken } from "../server/modules/appeals/signboard/signboard-token.js";
import { config, GRID_CODE, multipart, PG_URL, SECRET, seed } from "./appeal-intake.bench.js";
import { openScratchDb, writeSection } from "./lib.js";

const REPORTS = Number(process.env.REPORTS ?? 300);
const times = new Map<string, { calls: number; ms: number }>();
let timing = false;

/** A short name for a statement: its verb and table (the CTE's final INSERT for WITH …). */
function label(q: string): string {
  const s = q.replace(/\s+/g, " ").trim();
  const ins = /^insert into "?(\w+)"?/i.exec(s);
  if (ins) return `INSERT ${ins[1]}`;
  if (/^with /i.test(s)) {
    const all = [...s.matchAll(/insert into "?(\w+)"?/gi)].map((m) => m[1]);
    return all.length ? `WITH … INSERT ${all.join(" + ")}` : "WITH … SELECT";
  }
  const upd = /^update "?(\w+)"?/i.exec(s);
  if (upd) return `UPDATE ${upd[1]}`;
  const sel = /^select .*? from "?(\w+)"?/i.exec(s);
  if (sel) return `SELECT ${sel[1]}${/for update/i.test(s) ? " FOR UPDATE" : ""}`;
  return s.slice(0, 40);
}

type QueryFn = (this: unknown, queryString: string, params: unknown[], query: () => Promise<unknown>) => Promise<unknown>;
const proto = PgPreparedQuery.prototype as unknown as { queryWithCache: QueryFn };
const original = proto.queryWithCache;
proto.queryWithCache = async function (queryString, params, query) {
  if (!timing) return original.call(this, queryString, params, query);
  const t = performance.now();
  try {
    return await original.call(this, queryString, params, query);
  } finally {
    const k = label(queryString);
    const e = times.get(k) ?? { calls: 0, ms: 0 };
    e.calls++;
    e.ms += performance.now() - t;
    times.set(k, e);
  }
};


async function run(kind: "pglite" | "postgresql", together: number): Promise<string[]> {
  const { handle, drop } = await openScratchDb(kind, PG_URL, "zx_bench_costs");
  try {
    await migrate(handle);
    const { categoryId } = await seed(handle);
    const app = await buildApp({ db: handle.db, dbKind: handle.kind, config: config(0), clock: systemClock, version: "bench" });
    const form = multipart({ t: signboardToken(SECRET, GRID_CODE, 1), category: categoryId, description: "村口垃圾堆积三天没人清理", locationText: "村口" });
    const send = () => app.inject({ method: "POST", url: `/r/${GRID_CODE}`, payload: form.body, headers: { "content-type": form.type, accept: "application/json" } });
    for (let i = 0; i < 20; i++) await send(); // warm-up
    times.clear();
    timing = true;
    const t = performance.now();
    for (let done = 0; done < REPORTS; done += together) {
      const res = await Promise.all(Array.from({ length: Math.min(together, REPORTS - done) }, send));
      if (res.some((r) => r.statusCode !== 201)) throw new Error(`intake failed: ${res.find((r) => r.statusCode !== 201)?.body}`);
    }
    const wall = performance.now() - t;
    timing = false;
    await app.close();
    const total = [...times.values()].reduce((n, e) => n + e.ms, 0);
    const rows = [...times.entries()].sort((a, b) => b[1].ms - a[1].ms);
    return [
      `#### ${kind}, ${together === 1 ? "one report at a time" : `${together} reports at once`}: ${(wall / REPORTS).toFixed(2)} ms wall per report, ${(total / REPORTS).toFixed(2)} ms in statements`,
      "",
      "| statement | calls | ms per report | share |",
      "|---|---|---|---|",
      ...rows.map(([k, e]) => `| \`${k}\` | ${e.calls} | ${(e.ms / REPORTS).toFixed(3)} | ${((100 * e.ms) / total).toFixed(0)} % |`),
      "",
    ];
  } finally {
    await handle.close();
    await drop();
  }
}

const lines = [
  "## Residents' intake: where a report's time goes",
  "",
  `${REPORTS} reports through \`POST /r/<grid>\` (app.inject, no network), every SQL statement timed and summed per kind.`,
  "On PGlite a statement's time includes waiting for the single connection; on PostgreSQL, the round trip.",
  "",
];
for (const kind of ["pglite", "postgresql"] as const) {
  for (const together of [1, 100]) {
    const r = await run(kind, together);
    lines.push(...r);
    console.log(r.join("\n"));
  }
}
lines.push(`Load average during the run: ${loadavg().map((x) => x.toFixed(1)).join(" / ")} (1 / 5 / 15 min, 2 cores shared with other work).`);
// Like the other benches, BENCHMARKS.md only with --write (npm run bench passes it): a quick
// check with a few REPORTS must not replace the recorded block.
if (process.argv.includes("--write")) writeSection("appeal-intake-costs", lines.join("\n"));
