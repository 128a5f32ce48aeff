/**
 * `npm run bench [-- <name> …]`: runs the named benches (default: all of bench/*.bench.ts, in
 * name order) one after another — never in parallel, each beside its own floor measured in the
 * same run — and asks each to record its section of BENCHMARKS.md (`--write`; the benches that
 * always record ignore the flag). Environment passes through (BENCH_DATABASE_URL for the
 * PostgreSQL rows). Exits non-zero on the first bench that fails.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = import.meta.dirname;
const all = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .map((f) => f.slice(0, -".bench.ts".length))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(", ")} (have: ${all.join(", ")})`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : all) {
  console.log(`== bench ${name}`);
  const run = spawnSync("npx", ["tsx", join(dir, `${name}.bench.ts`), "--write"], { stdio: "inherit", env: process.env });
  if (run.status !== 0) {
    console.error(`bench ${name} failed (exit ${run.status ?? run.signal})`);
    process.exit(run.status ?? 1);
  }
}
