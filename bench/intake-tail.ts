/**
 * Where the residents' intake tail comes from on PGlite: the open-loop load of the intake bench
 * (after a closed-loop warm-up like the bench's saturation run), with the event loop's delay
 * histogram, GC pauses and each filing transaction (its duration, timed around db.transaction)
 * recorded; GC pauses over 8 ms are listed with their kind (1 scavenge, 4 mark-compact) and the heap.
 * Root-handle statements (outside any transaction: the grid look-ups) are counted as `execute`.
 * Run: RATES=100,400 npx tsx bench/intake-tail.ts   (DURATION, WARM in seconds)
 */
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { loadavg } from "node:os";
import autocannon from "autocannon";
import { buildApp } from "../server/app.js";
import { migrate } from "../server/db/migrate.js";
import { systemClock } from "../server/platform/clock.js";
import { signboardToken } from "../server/modules/appeals/signboard/signboard-token.js";
import { DEFAULT_INTAKE_LIMITS } from "../server/modules/appeals/resident/resident.routes.js";
import { config, multipart, PG_URL, SECRET, seed } from "./appeal-intake.bench.js";
import { openLoop, openScratchDb } from "./lib.js";
import { randomUUID } from "node:crypto";
import type { Db } from "../server/db/client.js";

const RATES = (process.env.RATES ?? "400").split(",").map(Number);
const DURATION = Number(process.env.DURATION ?? 10);
const WARM = Number(process.env.WARM ?? 10);
const { handle, drop } = await openScratchDb("pglite", PG_URL, "zx_tail");
await migrate(handle);
const { categoryId, gridCodes } = await seed(handle, 1998);
const tx: { at: number; ms: number }[] = [];
const q: { at: number; ms: number }[] = [];
const db = handle.db as Db & { transaction: Db["transaction"]; execute: Db["execute"] };
const origTx = db.transaction.bind(db);
const origEx = db.execute.bind(db);
let tracing = false;
db.transaction = (async (fn: Parameters<Db["transaction"]>[0]) => {
  const t0 = performance.now();
  try {
    return await origTx(fn);
  } finally {
    if (tracing) tx.push({ at: t0, ms: performance.now() - t0 });
  }
}) as Db["transaction"];
db.execute = ((query: Parameters<Db["execute"]>[0]) => {
  const t0 = performance.now();
  const p = origEx(query);
  void Promise.resolve(p).then(() => {
    if (tracing) q.push({ at: t0, ms: performance.now() - t0 });
  }, () => undefined);
  return p;
}) as Db["execute"];
const app = await buildApp({ db, dbKind: "pglite", config: config(0, DEFAULT_INTAKE_LIMITS), clock: systemClock, version: "bench" });
await app.listen({ port: 0, host: "127.0.0.1" });
const port = (app.server.address() as { port: number }).port;
const forms = gridCodes.map((code) => ({ path: `/r/${code}`, body: multipart({ t: signboardToken(SECRET, code, 1), category: categoryId, description: "村口垃圾堆积三天没人清理", locationText: "村口" }).body }));
const type = multipart({}).type;
let turn = 0;
const headers = { "content-type": type, accept: "application/json" };
const newDevice = (): string => `zx_dev=b${randomUUID().replace(/-/g, "").slice(0, 20)}`;
if (WARM > 0) {
  await autocannon({
    url: `http://127.0.0.1:${port}/r/x`, connections: 200, duration: WARM, method: "POST", headers,
    requests: [{ setupRequest: (req: { headers?: Record<string, string> }) => ({ ...req, ...(forms[turn++ % forms.length] ?? {}), headers: { ...req.headers, ...headers, cookie: newDevice() } }) }],
  });
}
for (const rate of RATES) {
  const gcs: number[] = [];
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcs.push(e.duration);
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (e.duration > 8) console.log(`  gc kind ${kind} ${e.duration.toFixed(1)} ms heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
    }
  });
  obs.observe({ entryTypes: ["gc"] });
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  tx.length = 0;
  q.length = 0;
  tracing = true;
  const r = await openLoop({
    url: `http://127.0.0.1:${port}/r/x`, rate, connections: 200, durationS: DURATION, body: Buffer.alloc(0),
    headers: () => ({ ...headers, cookie: newDevice() }),
    next: () => {
      const f = forms[turn++ % forms.length] as { path: string; body: Buffer };
      return { url: `http://127.0.0.1:${port}${f.path}`, body: f.body };
    },
  });
  tracing = false;
  h.disable();
  obs.disconnect();
  const ms = (ns: number): string => (ns / 1e6).toFixed(1);
  const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
  const pct = (xs: number[], p: number): number => sorted(xs)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;
  const txMs = tx.map((t) => t.ms);
  console.log(`rate ${rate}: p50 ${r.p50.toFixed(1)} p99 ${r.p99.toFixed(1)} max ${r.max.toFixed(1)} inflight ${r.maxInFlight} errors ${r.errors}; load ${loadavg()[0]?.toFixed(2)}`);
  console.log(`  loop delay p50 ${ms(h.percentile(50))} p99 ${ms(h.percentile(99))} max ${ms(h.max)} ms`);
  console.log(`  gc: ${gcs.length} pauses, total ${gcs.reduce((a, b) => a + b, 0).toFixed(0)} ms, p99 ${pct(gcs, 99).toFixed(1)} max ${Math.max(0, ...gcs).toFixed(1)} ms`);
  console.log(`  ${(r.ok / Math.max(1, tx.length)).toFixed(1)} reports a transaction`);
  console.log(`  tx: ${tx.length}, p50 ${pct(txMs, 50).toFixed(1)} p99 ${pct(txMs, 99).toFixed(1)} max ${Math.max(0, ...txMs).toFixed(1)} ms, total ${txMs.reduce((a, b) => a + b, 0).toFixed(0)} ms`);
  const qMs = q.map((t) => t.ms);
  console.log(`  execute: ${q.length}, p50 ${pct(qMs, 50).toFixed(1)} p99 ${pct(qMs, 99).toFixed(1)} max ${Math.max(0, ...qMs).toFixed(1)}`);
}
await app.close();
await handle.close();
await drop();
