/**
 * The official holiday calendar the city keeps (migration 0039): shared names for server and web.
 * `holiday` = a rest day (on a weekday or a weekend), `workday` = a 调休 make-up working day on a
 * weekend.
 */
export const OFFICIAL_DAY_KINDS = ["holiday", "workday"] as const;
export type OfficialDayKind = (typeof OFFICIAL_DAY_KINDS)[number];

/** Where a date's working/rest status came from. */
export const DAY_SOURCES = ["entered", "package", "weekday"] as const;
export type DaySource = (typeof DAY_SOURCES)[number];

/**
 * How a year is covered: `complete` = entered and marked checked by the city; `package` = the
 * chinese-days package has it; `entered` = the city has entered days but not marked the year
 * complete; `uncovered` = neither, so Monday–Friday is assumed (Spring Festival counts as work).
 */
export const YEAR_COVERAGES = ["complete", "package", "entered", "uncovered"] as const;
export type YearCoverage = (typeof YEAR_COVERAGES)[number];

/** Days before 1 January from which next year's missing calendar is reported. */
export const COVERAGE_WARNING_DAYS = 60;
