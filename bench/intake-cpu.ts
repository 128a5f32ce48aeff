/**
 * Node CPU per residents' report: process.cpuUsage over REPORTS reports sent through the real
 * `POST /r/<grid>` (app.inject, so no sockets or HTTP parsing) in waves of WAVE — batches of
 * ~WAVE through group commit, as under saturation — repeated RUNS times; prints each run and the
 * median. On a shared machine CPU time is steadier than throughput: the HTTP bench's req/s moves
 * with whatever else runs, CPU consumed per report much less. On PGlite the database runs in this
 * process, so its CPU is counted too.
 * Run: BENCH_DB=postgresql|pglite npx tsx bench/intake-cpu.ts   (BENCH_DATABASE_URL; its scratch
 * database is created and dropped). CPU_PROFILE=<file.cpuprofile> profiles one more run (the
 * inspector's sampling profiler, ~1 % overhead) and writes it there; read it with
 * `npx tsx bench/cpuprofile-summary.ts <file>`.
 */
import { sql } from "drizzle-orm";
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { buildApp } from "../server/app.js";
import { queryRows } from "../server/db/client.js";
import { migrate } from "../server/db/migrate.js";
import { systemClock } from "../server/platform/clock.js";
import { signboardToken } from "../server/modules/appeals/signboard/signboard-token.js";
import { config, GRID_CODE, multipart, PG_URL, SECRET, seed } from "./appeal-intake.bench.js";
import { median, openScratchDb } from "./lib.js";

const KIND = process.env.BENCH_DB === "pglite" ? "pglite" : "postgresql";
const REPORTS = Number(process.env.REPORTS ?? 2000);
const WAVE = Number(process.env.WAVE ?? 100);
const RUNS = Number(process.env.RUNS ?? 5);


const { handle, drop } = await openScratchDb(KIND, PG_URL, "zx_bench_cpu");
try {
  await migrate(handle);
  const { categoryId } = await seed(handle);
  const app = await buildApp({ db: handle.db, dbKind: handle.kind, config: config(0), clock: systemClock, version: "bench" });
  const form = multipart({ t: signboardToken(SECRET, GRID_CODE, 1), category: categoryId, description: "村口垃圾堆积三天没人清理", locationText: "村口" });
  let device = 0;
  // Each report from a new device (a new bucket row), as in the HTTP bench.
  const send = () =>
    app.inject({
      method: "POST",
      url: `/r/${GRID_CODE}`,
      payload: form.body,
      headers: { "content-type": form.type, accept: "application/json", cookie: `zx_dev=cpu${process.pid}x${(device++).toString().padStart(12, "0")}` },
    });
  async function run(n: number): Promise<{ cpuUs: number; wallMs: number }> {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let done = 0; done < n; done += WAVE) {
      const res = await Promise.all(Array.from({ length: Math.min(WAVE, n - done) }, send));
      const bad = res.find((r) => r.statusCode !== 201);
      if (bad) throw new Error(`intake failed: ${bad.statusCode} ${bad.body}`);
    }
    const c = process.cpuUsage(c0);
    return { cpuUs: (c.user + c.system) / n, wallMs: (performance.now() - t0) / n };
  }
  await run(REPORTS); // warm-up: JIT, caches, pool connections
  const cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const x = await run(REPORTS);
    cpu.push(x.cpuUs);
    console.log(`run ${r + 1}: ${x.cpuUs.toFixed(0)} µs CPU / report, ${(x.wallMs * 1000).toFixed(0)} µs wall / report, load ${loadavg()[0]?.toFixed(2)}`);
  }
  console.log(`${KIND}: median ${median(cpu).toFixed(0)} µs Node CPU per report (${cpu.map((x) => x.toFixed(0)).join(" / ")}), ${REPORTS} reports in waves of ${WAVE}; load ${loadavg().map((x) => x.toFixed(2)).join(" / ")}`);
  // Each batch writes its audit records at one instant: distinct instants = transactions.
  const [b] = await queryRows<{ n: string | number; batches: string | number }>(handle.db, sql`SELECT count(*) AS n, count(DISTINCT at) AS batches FROM audit_log`);
  console.log(`${b?.n} reports filed in ${b?.batches} transactions (${(Number(b?.n) / Number(b?.batches)).toFixed(1)} a batch)`);
  // One more run under the inspector's CPU profiler (CPU_PROFILE) or its sampling heap profiler
  // (HEAP_PROFILE: bytes allocated, by function — what the garbage collector then has to chase).
  const cpuOut = process.env.CPU_PROFILE;
  const heapOut = process.env.HEAP_PROFILE;
  if (cpuOut || heapOut) {
    const session = new Session();
    session.connect();
    if (cpuOut) {
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: 200 });
      await session.post("Profiler.start");
    } else {
      await session.post("HeapProfiler.enable");
      await session.post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    }
    const x = await run(REPORTS);
    const profile = cpuOut ? (await session.post("Profiler.stop")).profile : (await session.post("HeapProfiler.stopSampling")).profile;
    session.disconnect();
    writeFileSync(cpuOut ?? heapOut ?? "", JSON.stringify(profile));
    console.log(`profiled run: ${x.cpuUs.toFixed(0)} µs CPU / report → ${cpuOut ?? heapOut}`);
  }
  await app.close();
} finally {
  await handle.close();
  await drop();
}
