import type { AppDeps } from "../../app.js";
import type { DatabaseKind, Db } from "../../db/client.js";
import type { Clock } from "../../platform/clock.js";
import type { MetricProvider } from "../../platform/metrics.js";

/** What every rating service needs, built once from the app's dependencies. */
export interface RatingDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  /** Every module's metric providers (moduleMetricProviders()), passed in so tests can add fakes. */
  providers: readonly MetricProvider[];
  /** VACUUM rating_results after a whole-scope job (vacuumsAfterJobs: PGlite only). */
  vacuumAfterJob?: boolean;
}

/**
 * PGlite runs no autovacuum, so a scope re-rated daily would keep every replaced row as a dead
 * one (the table grew 44 → 173 MiB over 5 re-ratings of the demo's members); PostgreSQL's
 * autovacuum does this work itself, concurrently.
 */
export function vacuumsAfterJobs(kind: DatabaseKind): boolean {
  return kind === "pglite";
}

export function ratingDeps(deps: AppDeps, providers: readonly MetricProvider[]): RatingDeps {
  return { db: deps.db, clock: deps.clock, timeZone: deps.config.timeZone, providers, vacuumAfterJob: vacuumsAfterJobs(deps.dbKind) };
}
