import type { AppDeps } from "../../app.js";
import type { Db } from "../../db/client.js";
import type { Clock } from "../../platform/clock.js";
import type { MetricProvider } from "../../platform/metrics.js";

/** What every rating service needs, built once from the app's dependencies. */
export interface RatingDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  /** Every module's metric providers (moduleMetricProviders()), passed in so tests can add fakes. */
  providers: readonly MetricProvider[];
}

export function ratingDeps(deps: AppDeps, providers: readonly MetricProvider[]): RatingDeps {
  return { db: deps.db, clock: deps.clock, timeZone: deps.config.timeZone, providers };
}
