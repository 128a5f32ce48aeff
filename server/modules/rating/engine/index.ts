/**
 * The rating engine's public surface: pure, deterministic, no I/O and no clock. Everything the
 * rating service needs is exported here; the other files are internals.
 */
export {
  schemeSchema,
  factsSchema,
  indicatorSchema,
  dimensionSchema,
  categorySchema,
  vetoSchema,
  gradingSchema,
  evaluatorSchema,
  overrideSchema,
  PROGRAMMES,
  SCHEME_STATUSES,
  SUBJECT_LEVELS,
  INDICATOR_METHODS,
  VETO_EFFECTS,
  type Programme,
  type SchemeStatus,
  type SubjectLevel,
  type IndicatorMethod,
  type VetoEffect,
  type Scheme,
  type Facts,
  type Indicator,
  type IndicatorOverride,
  type Dimension,
  type Category,
  type Veto,
  type Grading,
  type GradingModel,
  type GradeBand,
  type Quota,
  type BandRow,
  type EvaluatorWeight,
} from "./schema.js";
export {
  SCHEME_PROBLEM_CODES,
  FACT_PROBLEM_CODES,
  type SchemeProblemCode,
  type FactProblemCode,
  type Problem,
  type SchemeProblem,
  type FactProblem,
  type ScoreResult,
  type ComputeOutcome,
  type BreakdownLine,
  type LineInput,
  type RoleScore,
  type DimensionScore,
  type VetoHit,
  type MessageRef,
} from "./types.js";
export { validateScheme, schemeTotal } from "./validate.js";
export { compileScheme, type CompiledScheme } from "./compile.js";
export { compute, computeCompiled, computeMany } from "./compute.js";
export { gradeOrder } from "./grading.js";
export { gradeByQuota, type QuotaEntry, type QuotaGrade, type RankQuotaGrading } from "./quota.js";
export {
  transitionScheme,
  draftNewVersion,
  SCHEME_TRANSITIONS,
  type SchemeEvent,
  type SchemeEventType,
  type SchemeChanges,
  type TransitionOutcome,
} from "./lifecycle.js";
export { compileFormula, evaluateFormula, type CompiledFormula, type FormulaContext } from "./formula.js";
export { parseFormula, type FormulaNode, type ParseResult } from "./formula-parse.js";
export { type FormulaError, type FormulaErrorCode } from "./formula-tokens.js";
export { roundHalfAway } from "./rounding.js";
export { fortress2026 } from "./defaults/fortress-2026.js";
export { memberStar2026 } from "./defaults/member-star-2026.js";
export { DEFAULT_ELDERLY_AGE, ELDERLY_CATEGORY, elderlyMinAge } from "./exemptions.js";
