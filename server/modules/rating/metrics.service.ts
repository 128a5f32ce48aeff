import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { MetricDefinition, MetricProvider, MetricQuery, MetricSubjectKind } from "../../platform/metrics.js";

/**
 * The metric registry seen from the rating side: every provider publishing for one kind of
 * subject is asked once for the whole scope (each provider is itself set-based), and the values
 * are merged per subject. Providers run one after the other: on PGlite there is one connection,
 * and inside a job's transaction they must all use the same `tx`.
 */
export async function gatherMetrics(
  db: Db,
  providers: readonly MetricProvider[],
  kind: MetricSubjectKind,
  q: MetricQuery,
  only?: ReadonlySet<string>,
): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  for (const p of providers) {
    if (p.subjectKind !== kind) continue;
    // A provider none of whose metrics the scheme reads is skipped: no query for nothing.
    if (only && !p.metrics.some((m) => only.has(m.name))) continue;
    const values = await p.compute(db, only ? { ...q, metrics: only } : q);
    for (const [subject, v] of values) {
      const prev = out.get(subject);
      out.set(subject, prev ? Object.assign(prev, v) : { ...v });
    }
  }
  return out;
}

/** Every published metric with its subject kind (for the scheme editor and the explanation drawer). */
export function metricCatalog(providers: readonly MetricProvider[]): (MetricDefinition & { subjectKind: MetricSubjectKind })[] {
  return providers.flatMap((p) => p.metrics.map((m) => ({ ...m, subjectKind: p.subjectKind })));
}

/** The metric names a scheme body's auto and formula indicators read. */
export function metricsRead(body: { dimensions: { indicators: ({ metric?: string | undefined } & ({ inputs?: string[] } | object))[] }[] }): Set<string> {
  const names = new Set<string>();
  for (const d of body.dimensions) {
    for (const ind of d.indicators) {
      if (ind.metric) names.add(ind.metric);
      if ("inputs" in ind && Array.isArray(ind.inputs)) for (const n of ind.inputs) names.add(n);
    }
  }
  return names;
}

/**
 * Runs a whole scope's rating reads in one transaction (one snapshot for every fact) with memory
 * for their hash aggregates: at the server's default work_mem of 4 MB a province's per-member and
 * per-organisation aggregates spill to disk in batches. JIT is off: these are a few aggregate
 * passes whose compilation cost more than it saved. The settings end with the transaction.
 */
export async function withRatingReads<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
    await tx.execute(sql`SET LOCAL jit = off`);
    return fn(tx);
  });
}
