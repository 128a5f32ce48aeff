import type { MessageRef } from "../../../../common/errors.js";
import type { IndicatorMethod, VetoEffect } from "./schema.js";

export type { MessageRef };

/** Every problem validateScheme can report; the message key is `rating.problem.<code>`. */
export const SCHEME_PROBLEM_CODES = [
  "schema",
  "duplicateCode",
  "dimensionMaxMismatch",
  "totalMismatch",
  "weightsSum",
  "unknownRole",
  "noRoles",
  "noWeightedRole",
  "missingMetric",
  "manualNeedsManualSource",
  "formulaNeedsAutoSource",
  "capBelowPerEvent",
  "capAboveMax",
  "targetNotPositive",
  "bandsNotDescending",
  "bandPointsNotDescending",
  "bandPointsAboveMax",
  "formulaSyntax",
  "formulaUnknownInput",
  "unknownCategory",
  "overrideNotApplicable",
  "categoryEmpty",
  "minAgeNotElderly",
  "unknownGrade",
  "starGradesLength",
  "quotaSharesAboveOne",
] as const;
export type SchemeProblemCode = (typeof SCHEME_PROBLEM_CODES)[number];

/** Every problem compute can report about one subject's facts; key `rating.fact.<code>`. */
export const FACT_PROBLEM_CODES = [
  "schemeInvalid",
  "invalidAsOf",
  "unknownCategory",
  "unknownIndicator",
  "notManual",
  "roleNotAllowed",
  "notFinite",
  "scoreNegative",
  "scoreAboveMax",
  "notBoolean",
  "badCount",
  "unknownVeto",
] as const;
export type FactProblemCode = (typeof FACT_PROBLEM_CODES)[number];

/** A coded problem naming the field it is about, e.g. `dimensions.2.indicators.0.cap`. */
export interface Problem<C extends string = SchemeProblemCode | FactProblemCode> extends MessageRef {
  code: C;
  path: string;
}
export type SchemeProblem = Problem<SchemeProblemCode>;
export type FactProblem = Problem<FactProblemCode>;

/** Where a line's value came from. */
export type LineInput =
  | { kind: "metric"; metric: string; value: number | null }
  | { kind: "count"; value: number | null }
  | { kind: "roles"; scores: RoleScore[] }
  | { kind: "formula"; values: Record<string, number | null> };

/** One evaluator's contribution to a manually scored indicator. */
export interface RoleScore {
  role: string;
  value: number;
  /** This role's share of the indicator, after renormalising over the roles that scored it. */
  weight: number;
  points: number;
  /** False for a role whose scheme weight is 0 (e.g. self-assessment): recorded, not counted. */
  counted: boolean;
}

/** One indicator's contribution to the total. */
export interface BreakdownLine {
  dimension: string;
  indicator: string;
  method: IndicatorMethod;
  negative: boolean;
  input: LineInput;
  /** Language-neutral ASCII arithmetic, e.g. `min(5 * 3, 12) = 12`. */
  rule: string;
  /** Signed, rounded to cents; deductions are negative. Before category normalisation. */
  points: number;
  /** The indicator's effective max for the subject's category. */
  max: number;
  reason: MessageRef;
  /** Shared and frozen when empty: treat as read-only. */
  notes: readonly MessageRef[];
}

export interface DimensionScore {
  code: string;
  /** Sum of the dimension's lines, deductions included (negative when they outweigh the points). */
  points: number;
  max: number;
  /** Only for perDimensionStars grading. */
  star?: boolean;
}

export interface VetoHit {
  code: string;
  text: string;
  effect: VetoEffect;
  capGrade?: string;
}

export interface ScoreResult {
  schemeCode: string;
  schemeVersion: number;
  categoryCode: string | null;
  asOf: string;
  /** Final score, 2 decimals, after clamping, normalisation and vetoes. */
  total: number;
  /** The scheme's total points (default 100): every category is normalised to it. */
  maxTotal: number;
  /** Sum of the breakdown's points, before clamping and normalisation. */
  rawTotal: number;
  /** The category's own maximum (disabled indicators removed, overrides applied). */
  rawMax: number;
  /** null: disqualified, or a rankQuota grading still waiting for gradeByQuota. */
  grade: string | null;
  /** The worst grade a capGrade veto allows, if any hit. */
  gradeCap: string | null;
  disqualified: boolean;
  /** False when a weighted evaluator role has not scored an indicator it may score. */
  complete: boolean;
  /** True while asOf is before the end of the scheme year (counts may still grow). */
  provisional: boolean;
  dimensions: DimensionScore[];
  breakdown: BreakdownLine[];
  /** Indicators the category disables. */
  excluded: string[];
  vetoes: VetoHit[];
  notes: MessageRef[];
}

export type ComputeOutcome = { ok: true; result: ScoreResult } | { ok: false; problems: Problem[] };
