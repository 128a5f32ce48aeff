/**
 * Cold start: an installed checkout, an empty DATA_DIR, `zhenxing start` until the health
 * endpoint and the admin UI answer (Shantou import and demo accounts included), then idle RSS.
 * Floor, measured in the same run: creating an empty PGlite database (initdb) in-process.
 * Run: npx tsx bench/cold-start.bench.ts   (needs a built UI: npm run build)
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { fmtMs, median, writeSection } from "./lib.js";

const BIN = join(import.meta.dirname, "..", "bin", "zhenxing.js");
const RUNS = Number(process.env.RUNS ?? 3);

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function waitFor(url: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`timeout waiting for ${url}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startOnce(dataDir: string, port: number): Promise<{ toHealth: number; toUi: number; idleRss: number; stop: () => Promise<void> }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, "start"], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 180_000;
  await waitFor(`http://127.0.0.1:${port}/api/v1/health`, deadline);
  const toHealth = performance.now() - t0;
  await waitFor(`http://127.0.0.1:${port}/`, deadline);
  const toUi = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 10_000)); // let start-up garbage settle
  const idleRss = rssMiB(child.pid ?? 0);
  const stop = async () => {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  };
  return { toHealth, toUi, idleRss, stop };
}

async function main(): Promise<void> {
  const floors: number[] = [];
  const cold: { toHealth: number; toUi: number; idleRss: number }[] = [];
  const warm: { toHealth: number; idleRss: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const floorDir = mkdtempSync(join(tmpdir(), "zx-floor-"));
    const f0 = performance.now();
    const pg = await PGlite.create(join(floorDir, "pglite"));
    await pg.query("select 1");
    floors.push(performance.now() - f0);
    await pg.close();
    rmSync(floorDir, { recursive: true, force: true });

    const dir = mkdtempSync(join(tmpdir(), "zx-cold-"));
    const port = 3900 + i;
    const c = await startOnce(dir, port);
    await c.stop();
    cold.push(c);
    const w = await startOnce(dir, port);
    await w.stop();
    warm.push(w);
    rmSync(dir, { recursive: true, force: true });
    console.log(`run ${i + 1}: floor ${fmtMs(floors[i] ?? 0)}, cold ${fmtMs(c.toHealth)} (UI ${fmtMs(c.toUi)}), warm ${fmtMs(w.toHealth)}, idle RSS ${c.idleRss.toFixed(0)} MiB`);
  }
  const floor = median(floors);
  const coldHealth = median(cold.map((c) => c.toHealth));
  const md = `## Cold start (issue 2)

| measure (median of ${RUNS}) | value | ratio to floor |
|---|---|---|
| floor: create an empty PGlite database in-process (initdb) | ${fmtMs(floor)} | 1.0× |
| cold start, empty DATA_DIR → health answers (migrate + Shantou import + demo seed) | ${fmtMs(coldHealth)} | ${(coldHealth / floor).toFixed(2)}× |
| cold start → admin UI served | ${fmtMs(median(cold.map((c) => c.toUi)))} | |
| warm start (existing DATA_DIR) → health answers | ${fmtMs(median(warm.map((w) => w.toHealth)))} | ${(median(warm.map((w) => w.toHealth)) / floor).toFixed(2)}× |
| idle RSS after a cold start (10 s after ready) | ${median(cold.map((c) => c.idleRss)).toFixed(0)} MiB | |
| idle RSS after a warm start | ${median(warm.map((w) => w.idleRss)).toFixed(0)} MiB | |

The cold start includes process start-up (Node + tsx), PGlite initdb, migrations, importing
Shantou's 7 districts / 67 towns / 1,091 villages from the built-in division file, hashing
five demo passwords (argon2id) and every demo step of the modules on main (e.g. the party
population: ~35,000 members and a year of meetings). It excludes \`npm ci\` and the one-off UI
build \`npm start\` does on a fresh clone, and includes every module's demo step (party
population, grids and whistle departments, the demo appeals played through the services, rating
results, branch scores). Load average at the end of the run: ${loadavg().map((l) => l.toFixed(1)).join(" / ")}
(1 / 5 / 15 min, 2 cores; other work may share the machine, so absolute times can be pessimistic). Idle RSS is dominated by PGlite's WebAssembly heap, which grows during the seed and is
not returned to the OS.`;
  writeSection("cold-start", md);
  console.log(md);
}

await main();
