import type { Db } from "../db/client.js";

/**
 * Named per-subject yearly facts that modules publish for the rating engine (DESIGN.md "One
 * scoring engine"): organisational life publishes `orgLife.heldRate` per village, appeals
 * publish `appeals.responseRate`, and so on. `auto` indicators of a scheme name a metric; the
 * rating job asks the registry for all metrics of all subjects in one set-based pass.
 */
export type MetricSubjectKind = "orgUnit" | "member";

export interface MetricDefinition {
  /** Dotted name, module first: `orgLife.attendanceRate`. */
  name: string;
  /** Message key of its label (zh-CN / en catalogs). */
  label: string;
  unit: "ratio" | "count" | "hours" | "points" | "score";
  /** One sentence on how it is computed (shown in the explanation drawer). */
  description: string;
}

export interface MetricQuery {
  /** Calendar year in the deployment's time zone. */
  year: number;
  timeZone: string;
  /** Org path whose subtree is rated (a district, the city …). */
  scopePath: string;
  /** Only these subjects (org unit ids or member ids); all in scope when absent. */
  subjectIds?: readonly string[];
  /**
   * Every subject of the scope (after `subjectIds`), when the caller has read them already in the
   * same transaction: a provider that needs the list may take it instead of reading it again
   * (the member job read its 35,000 members twice). Absent: the provider reads the scope itself.
   */
  inScope?: readonly string[];
  /** Only these metrics are read (a provider may skip work for the others); all when absent. */
  metrics?: ReadonlySet<string>;
}

export interface MetricProvider {
  /** The publishing module, e.g. `orgLife`. */
  module: string;
  subjectKind: MetricSubjectKind;
  metrics: readonly MetricDefinition[];
  /**
   * Values for every subject in scope: subject id → metric name → value. Must be one (or a few)
   * set-based queries, never a query per subject: a province is ~27,000 villages.
   */
  compute(db: Db, q: MetricQuery): Promise<Map<string, Record<string, number>>>;
}
