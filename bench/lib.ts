import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cpus, totalmem } from "node:os";
import http from "node:http";
import pg from "pg";
import { openDatabase, type DbHandle } from "../server/db/client.js";

export const BENCHMARKS_MD = join(import.meta.dirname, "..", "BENCHMARKS.md");

/** Replaces (or appends) the section between `<!-- bench:name -->` markers in BENCHMARKS.md. */
export function writeSection(name: string, markdown: string): void {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${markdown.trim()}\n\n_Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}._\n${end}`;
  let text = existsSync(BENCHMARKS_MD) ? readFileSync(BENCHMARKS_MD, "utf8") : "# Benchmarks\n";
  const re = new RegExp(`${escape(start)}[\\s\\S]*?${escape(end)}`);
  text = re.test(text) ? text.replace(re, block) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(BENCHMARKS_MD, text);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

export function fmtMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** One open-loop run: the offered rate, what came back, and latency counted from each request's scheduled start. */
export interface OpenLoopResult {
  offered: number;
  achieved: number;
  sent: number;
  ok: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  /** Most requests outstanding at once; at `connections` the client itself was queueing. */
  maxInFlight: number;
}

/**
 * Opens `n` keep-alive connections before the clock starts (a GET each, whatever it answers). A
 * busy Node server leaves new connections in the kernel's accept queue for seconds (see the
 * appeal-intake notes), and that wait is not the latency of the route being measured.
 */
async function connectAll(agent: http.Agent, url: string, n: number): Promise<void> {
  await Promise.all(
    Array.from({ length: n }, () => new Promise<void>((ok, fail) => {
      http.get(url, { agent }, (res) => {
        res.resume();
        res.on("end", () => ok());
      }).on("error", fail);
    })),
  );
}

/**
 * A constant arrival rate over a pool of keep-alive connections, the way wrk2 measures latency:
 * request i is due at start + i / rate whether or not earlier ones have been answered, and its
 * latency is counted from that due time, so a stalled server (or a client short of free
 * connections) shows up in the percentiles instead of silently lowering the rate (coordinated
 * omission). Requests still unanswered `graceS` after the last one is due count as errors.
 */
export async function openLoop(opts: {
  url: string;
  rate: number;
  connections: number;
  durationS: number;
  body: Buffer;
  headers: () => Record<string, string>;
  /** Per request: where and what to send instead of `url` and `body` (e.g. the next grid's form). */
  next?: () => { url: string; body: Buffer };
  graceS?: number;
}): Promise<OpenLoopResult> {
  // fifo: spread the requests over every connection (the default lifo would reuse a hot few).
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections, scheduling: "fifo" });
  await connectAll(agent, opts.url, opts.connections);
  const total = Math.round(opts.rate * opts.durationS);
  const latencies: number[] = [];
  let errors = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let lastDone = 0;
  const start = performance.now();
  const gap = 1000 / opts.rate;
  await new Promise<void>((finish) => {
    let sent = 0;
    let settled = 0;
    const done = (due: number, ok: boolean): void => {
      const t = performance.now();
      inFlight--;
      settled++;
      lastDone = t;
      if (ok) latencies.push(t - due);
      else errors++;
      if (settled === total) finish();
    };
    const send = (due: number): void => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      let over = false; // a failed request may report twice (response and request errors)
      const once = (ok: boolean): void => {
        if (!over) done(due, ok);
        over = true;
      };
      const target = opts.next?.() ?? { url: opts.url, body: opts.body };
      const req = http.request(target.url, { method: "POST", agent, headers: { ...opts.headers(), "content-length": String(target.body.length) } }, (res) => {
        res.resume();
        res.on("end", () => once((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300));
        res.on("error", () => once(false));
      });
      req.setTimeout(((opts.graceS ?? 30) + opts.durationS) * 1000, () => req.destroy());
      req.on("error", () => once(false));
      req.end(target.body);
    };
    const tick = (): void => {
      const now = performance.now();
      while (sent < total && start + sent * gap <= now) send(start + sent++ * gap);
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * gap - now));
    };
    tick();
  });
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  const elapsedS = (lastDone - start) / 1000;
  return {
    offered: opts.rate,
    achieved: elapsedS > 0 ? latencies.length / elapsedS : 0,
    sent: total,
    ok: latencies.length,
    errors,
    p50: pct(50),
    p99: pct(99),
    max: latencies[latencies.length - 1] ?? 0,
    maxInFlight,
  };
}

/**
 * A scratch database for one bench run: PGlite in memory, or a new PostgreSQL database named
 * `<prefix>_<pid>` on `pgUrl`'s server, dropped again by `drop`.
 */
export async function openScratchDb(kind: "pglite" | "postgresql", pgUrl: string, prefix: string): Promise<{ handle: DbHandle; drop: () => Promise<void> }> {
  if (kind === "pglite") return { handle: await openDatabase({ dataDir: "", databaseUrl: null, inMemory: true }), drop: async () => undefined };
  const name = `${prefix}_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  const handle = await openDatabase({ dataDir: "", databaseUrl: u.toString(), poolSize: 10 });
  return {
    handle,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
