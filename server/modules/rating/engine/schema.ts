import { z } from "zod";

/**
 * The scheme model as zod schemas, so the HTTP layer validates scheme JSON with the same shapes
 * the engine uses. Structure only: cross-field rules (sums, caps, unknown names) live in
 * validate.ts, which reports every problem with its field path instead of stopping at the first.
 */

export const PROGRAMMES = ["fortress", "memberStar", "cadreReview", "contest", "demoStandard", "brandReview"] as const;
export type Programme = (typeof PROGRAMMES)[number];

export const SCHEME_STATUSES = ["draft", "published", "archived"] as const;
export type SchemeStatus = (typeof SCHEME_STATUSES)[number];

export const SUBJECT_LEVELS = ["district", "town", "village", "member", "cadre", "project"] as const;
export type SubjectLevel = (typeof SUBJECT_LEVELS)[number];

export const INDICATOR_METHODS = ["manual", "perEvent", "ratio", "boolean", "bands", "formula"] as const;
export type IndicatorMethod = (typeof INDICATOR_METHODS)[number];

export const VETO_EFFECTS = ["zero", "capGrade", "disqualify"] as const;
export type VetoEffect = (typeof VETO_EFFECTS)[number];

const code = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);
const name = z.string().trim().min(1).max(200);
/** Metric names double as formula identifiers, hence the identifier-like shape (`orgLife.heldRate`). */
export const metricName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/).max(100);
const points = z.number().min(0).max(10_000);

export const overrideSchema = z.strictObject({
  enabled: z.boolean().optional(),
  maxPoints: points.optional(),
  target: z.number().optional(),
  perEvent: points.optional(),
  cap: points.optional(),
});
export type IndicatorOverride = z.infer<typeof overrideSchema>;

const indicatorBase = z.strictObject({
  code,
  name,
  maxPoints: points,
  /** 扣分项: the method yields a deduction of up to maxPoints, outside the dimension's max. */
  negative: z.boolean().optional(),
  evidence: z.enum(["none", "optional", "required"]),
  source: z.enum(["manual", "auto"]),
  /** The published metric an `auto` indicator reads. */
  metric: metricName.optional(),
  /** Evaluator roles that may score a `manual` indicator. */
  roles: z.array(code).optional(),
  /** 差异化考核: per category code. */
  categoryOverrides: z.record(z.string(), overrideSchema).optional(),
});

export const bandRowSchema = z.strictObject({ min: z.number(), points });
export type BandRow = z.infer<typeof bandRowSchema>;

export const indicatorSchema = z.discriminatedUnion("method", [
  indicatorBase.extend({ method: z.literal("manual") }),
  indicatorBase.extend({ method: z.literal("perEvent"), perEvent: points, cap: points.optional() }),
  indicatorBase.extend({ method: z.literal("ratio"), target: z.number() }),
  indicatorBase.extend({ method: z.literal("boolean") }),
  indicatorBase.extend({ method: z.literal("bands"), bands: z.array(bandRowSchema).min(1).max(50) }),
  indicatorBase.extend({
    method: z.literal("formula"),
    expression: z.string().min(1).max(2000),
    /** The metric names the expression may use; anything else is a validation problem. */
    inputs: z.array(metricName).max(50),
  }),
]);
export type Indicator = z.infer<typeof indicatorSchema>;

export const dimensionSchema = z.strictObject({
  code,
  name,
  maxPoints: points,
  indicators: z.array(indicatorSchema).max(200),
});
export type Dimension = z.infer<typeof dimensionSchema>;

export const categorySchema = z.strictObject({
  code,
  name,
  rule: z.string().max(500).optional(),
  /**
   * Member schemes: the age on 1 January from which a member falls in this category (the
   * `elderly` exemption; 75 when absent, see exemptions.ts). Whole years, 50–120.
   */
  minAge: z.number().int().min(50).max(120).optional(),
});
export type Category = z.infer<typeof categorySchema>;

export const vetoSchema = z.discriminatedUnion("effect", [
  z.strictObject({ code, text: name, effect: z.literal("zero") }),
  z.strictObject({ code, text: name, effect: z.literal("disqualify") }),
  z.strictObject({ code, text: name, effect: z.literal("capGrade"), capGrade: name }),
]);
export type Veto = z.infer<typeof vetoSchema>;

export const evaluatorSchema = z.strictObject({ role: code, weight: z.number().min(0).max(1) });
export type EvaluatorWeight = z.infer<typeof evaluatorSchema>;

export const gradeBandSchema = z.strictObject({ grade: name, minScore: z.number() });
export type GradeBand = z.infer<typeof gradeBandSchema>;

export const quotaSchema = z.strictObject({
  grade: name,
  maxShare: z.number().gt(0).max(1),
  /** Optional floor: a subject below it cannot take this grade even with a free slot. */
  minScore: z.number().optional(),
});
export type Quota = z.infer<typeof quotaSchema>;

export const gradingSchema = z.discriminatedUnion("model", [
  z.strictObject({
    model: z.literal("bands"),
    bands: z.array(gradeBandSchema).min(1).max(20),
    /** The grade below the lowest band, e.g. 无星. */
    belowGrade: name,
  }),
  z.strictObject({
    model: z.literal("perDimensionStars"),
    /** Share of a dimension's max that earns its star, e.g. 0.8. */
    passShare: z.number().gt(0).max(1),
    /** Grade names by star count: index 0 = no star; needs one entry per dimension plus one. */
    starGrades: z.array(name).min(2).max(21),
  }),
  z.strictObject({
    model: z.literal("rankQuota"),
    quotas: z.array(quotaSchema).min(1).max(10),
    /** Everyone graded who took no quota grade, e.g. 合格. */
    restGrade: name,
    /** A total below minScore gets this grade instead of restGrade, e.g. 不合格 below 60. */
    failBelow: z.strictObject({ grade: name, minScore: z.number() }).optional(),
  }),
]);
export type Grading = z.infer<typeof gradingSchema>;
export type GradingModel = Grading["model"];

export const schemeSchema = z.strictObject({
  code,
  programme: z.enum(PROGRAMMES),
  year: z.number().int().min(2000).max(2100),
  /** Org-unit division code of the issuing unit (e.g. 440500000000). */
  issuingUnit: z.string().regex(/^\d{2,12}$/),
  subjectLevel: z.enum(SUBJECT_LEVELS),
  version: z.number().int().min(1),
  status: z.enum(SCHEME_STATUSES),
  name: name.optional(),
  /** The scheme's maximum; the dimensions must add up to it. Defaults to 100. */
  totalPoints: z.number().gt(0).max(10_000).optional(),
  publicityDays: z.number().int().min(0).max(60).optional(),
  categories: z.array(categorySchema).max(50),
  dimensions: z.array(dimensionSchema).min(1).max(50),
  vetoes: z.array(vetoSchema).max(50),
  grading: gradingSchema,
  evaluators: z.array(evaluatorSchema).min(1).max(20),
});
export type Scheme = z.infer<typeof schemeSchema>;

const finite = z.number().refine(Number.isFinite);

/** What is known about one subject: metric values, per-role manual scores, event counts, veto hits. */
export const factsSchema = z.strictObject({
  categoryCode: code.optional(),
  inputs: z.record(z.string(), finite),
  /** indicator code → evaluator role → value (points for `manual`, the measured value otherwise). */
  manualScores: z.record(z.string(), z.record(z.string(), finite)).optional(),
  /** indicator code → number of recorded events, for `perEvent` indicators with a manual source. */
  counts: z.record(z.string(), finite).optional(),
  vetoHits: z.array(code).optional(),
  /**
   * indicator code → role → the value as entered, for scores the caller capped at the indicator's
   * max (a later scheme version lowered it): manualScores holds the capped value, this only lets
   * the breakdown say so. Stored with the facts, so a recomputed explanation says it too.
   */
  cappedScores: z.record(z.string(), z.record(z.string(), finite)).optional(),
});
export type Facts = z.infer<typeof factsSchema>;
