/**
 * Rating engine throughput: ms per 10,000 subjects for the default fortress scheme (a province is
 * ~27,000 villages) and the member-star scheme (1.3M members), with the scheme compiled once.
 * Shows streaming (computeCompiled, results dropped) against computeMany (all results kept) and
 * what skipping compilation would cost (compute() per subject).
 * Run: npx tsx bench/engine.bench.ts [--write]   (--write records the numbers in BENCHMARKS.md)
 */
import { compileScheme, compute, computeCompiled, computeMany, fortress2026, memberStar2026, type Facts, type Scheme } from "../server/modules/rating/engine/index.js";
import { median, writeSection } from "./lib.js";

const AS_OF = new Date("2027-01-20T00:00:00Z");
const ROUNDS = Number(process.env.ROUNDS ?? 5);

/** Deterministic pseudo-random numbers (mulberry32), so every run rates the same subjects. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function villages(n: number): [string, Facts][] {
  const r = rng(1);
  const rate = (): number => Math.round((0.5 + r() * 0.55) * 1000) / 1000;
  const pts = (max: number): number => Math.round(r() * max * 10) / 10;
  const categories = ["urban", "rural", "island", "rectify"];
  return Array.from({ length: n }, (_, i) => [
    `v${i}`,
    {
      categoryCode: categories[i % 4],
      inputs: {
        "orgLife.heldRate": rate(),
        "orgLife.attendanceRate": rate(),
        "orgLife.themeDayCount": Math.floor(r() * 13),
        "appeals.responseRate": rate(),
        "appeals.resolutionRate": rate(),
        "appeals.satisfactionRate": rate(),
        "tasks.onTimeRate": rate(),
      },
      manualScores: {
        "org.teamComplete": { town: r() < 0.9 ? 1 : 0, district: 1 },
        "org.secretaryReserve": { town: Math.floor(r() * 3), district: Math.floor(r() * 3) },
        "org.secretaryDuty": { self: 7, town: pts(7), district: pts(7) },
        "org.unrectified": { town: r() < 0.1 ? 2 : 0, district: 0 },
        "life.review": { town: 1 },
        "life.recruit": { town: pts(4), district: pts(4) },
        "dev.collectiveIncome": { town: r() * 0.2, district: r() * 0.2 },
        "dev.industry": { town: pts(8), district: pts(8) },
        "dev.environment": { town: pts(7), district: pts(7) },
        "serve.fourTwo": { town: r() < 0.95 ? 1 : 0 },
        "mass.survey": { survey: pts(6) },
      },
      vetoHits: r() < 0.01 ? ["V2"] : [],
    },
  ]);
}

function members(n: number): [string, Facts][] {
  const r = rng(2);
  const categories = ["regular", "regular", "regular", "elderly", "mobile"];
  return Array.from({ length: n }, (_, i) => [
    `m${i}`,
    {
      categoryCode: categories[i % 5],
      inputs: { "member.meetingsAttended": Math.floor(r() * 8), "member.themeDaysAttended": Math.floor(r() * 13), "member.studyHours": Math.floor(r() * 20), "member.unexcusedAbsences": r() < 0.1 ? 1 : 0 },
      manualScores: { dues: { branch: 1 }, commitment: { self: 15, branch: Math.floor(r() * 16), peers: Math.floor(r() * 16) }, performance: { branch: Math.floor(r() * 16), peers: Math.floor(r() * 16) } },
      counts: i % 5 === 3 ? { linkHouse: Math.floor(r() * 12) } : { volunteer: Math.floor(r() * 20), urgent: Math.floor(r() * 2), ...(i % 5 === 4 ? {} : { linkHouse: Math.floor(r() * 12) }) },
      vetoHits: r() < 0.002 ? ["discipline"] : [],
    },
  ]);
}

function perTenK(ms: number, n: number): number {
  return Math.round((ms / n) * 10_000 * 10) / 10;
}

interface Numbers {
  batch: number;
  stream: number;
  uncompiled: number;
  compile: number;
  kbPerResult: number;
}

function measure(scheme: Scheme, subjects: [string, Facts][]): Numbers {
  const compiled = compileScheme(scheme);
  if (!compiled.ok) throw new Error("the default scheme is invalid");
  const batch: number[] = [];
  const stream: number[] = [];
  let bytes = 0;
  // Streaming first, as a job would run: score, hand the result on (here: sum the totals), drop it.
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    let sum = 0;
    for (const [, facts] of subjects) {
      const o = computeCompiled(compiled.compiled, facts, AS_OF);
      if (o.ok) sum += o.result.total;
    }
    stream.push(performance.now() - t0);
    if (sum <= 0) throw new Error("nothing scored");
  }
  for (let i = 0; i < ROUNDS; i++) {
    const t1 = performance.now();
    const out = computeMany(scheme, subjects, AS_OF);
    batch.push(performance.now() - t1);
    if (!out.ok || [...out.results.values()].some((o) => !o.ok)) throw new Error("bench facts were refused");
    if (i === 0) bytes = JSON.stringify(out.results.get(subjects[0]?.[0] ?? "")).length;
  }
  const sample = subjects.slice(0, 2000);
  const t2 = performance.now();
  for (const [, facts] of sample) compute(scheme, facts, AS_OF);
  const uncompiled = performance.now() - t2;
  const t3 = performance.now();
  for (let i = 0; i < 100; i++) compileScheme(scheme);
  const compile = (performance.now() - t3) / 100;
  return {
    batch: perTenK(median(batch), subjects.length),
    stream: perTenK(median(stream), subjects.length),
    uncompiled: perTenK(uncompiled, sample.length),
    compile: Math.round(compile * 100) / 100,
    kbPerResult: Math.round(bytes / 100) / 10,
  };
}

const fortress = measure(fortress2026, villages(27_000));
const member = measure(memberStar2026, members(100_000));
const row = (name: string, n: string, x: Numbers): string => `| ${name} | ${n} | ${x.stream} | ${x.batch} | ${x.uncompiled} | ${x.compile} | ${x.kbPerResult} |`;
const rows = [
  `| scheme | subjects | streamed (computeCompiled), ms per 10k | computeMany (all kept), ms per 10k | compute() each, ms per 10k | compileScheme, ms | result JSON, kB |`,
  `|---|---:|---:|---:|---:|---:|---:|`,
  row("fortress 2026 (19 indicators, 4 categories)", "27,000 villages", fortress),
  row("member star 2026 (11 indicators, 3 categories)", "100,000 members", member),
];
const text = [
  `### Rating engine (median of ${ROUNDS} rounds)`,
  "",
  rows.join("\n"),
  "",
  `Streaming 1.3M members ≈ ${Math.round((member.stream * 130) / 100) / 10} s of engine CPU. Keeping every result (computeMany) costs extra garbage collection, so big jobs should stream in batches.`,
].join("\n");
console.log(text);
if (process.argv.includes("--write")) writeSection("rating-engine", text);
