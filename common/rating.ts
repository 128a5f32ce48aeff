/**
 * Ratings (issue 4): the closed vocabularies the server and the web share. Scheme shapes live in
 * the engine (server/modules/rating/engine/schema.ts); these are the workflow and ledger words.
 */

/** 差异化考核 categories of a village in the fortress programme (PRACTICE §3.1). */
export const VILLAGE_CATEGORIES = ["urban", "rural", "island", "rectify"] as const;
export type VillageCategory = (typeof VILLAGE_CATEGORIES)[number];

/** The yearly assessment of one village: self-assess → town → district → publicity → objection → final. */
export const ASSESSMENT_STATUSES = ["selfAssess", "townReview", "districtApproval", "publicity", "objection", "final"] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export const ASSESSMENT_EVENTS = ["submit", "review", "returnToVillage", "approve", "returnToTown", "object", "dismiss", "uphold", "finalize"] as const;
export type AssessmentEvent = (typeof ASSESSMENT_EVENTS)[number];

/** The evaluator role whose scores each state collects (self in selfAssess, town (+survey) in review …). */
export const SCORING_ROLES_BY_STATUS: Partial<Record<AssessmentStatus, readonly string[]>> = {
  selfAssess: ["self"],
  townReview: ["town", "survey"],
  districtApproval: ["district"],
};

/** Member star events recorded in the ledger (attendance comes from meetings). */
export const LEDGER_KINDS = ["study", "volunteer", "linkHouse", "urgent", "complaintUpheld", "discipline"] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** Ledger kinds that need evidence (a file reference) to count. */
export const LEDGER_EVIDENCE_REQUIRED: readonly LedgerKind[] = ["volunteer", "urgent", "complaintUpheld", "discipline"];

/** 民主评议 grades: 优秀 / 合格 / 基本合格 / 不合格. */
export const REVIEW_GRADES = ["excellent", "qualified", "basicallyQualified", "unqualified"] as const;
export type ReviewGrade = (typeof REVIEW_GRADES)[number];

/** 优秀 may go to at most a third of a branch's graded (full) members. */
export const EXCELLENT_MAX_SHARE = 1 / 3;

/** Members of this age or more on 1 January count as 年老体弱 for the star exemptions, when the scheme's elderly category sets no `minAge`. */
export const ELDERLY_AGE = 75;

/** Project priority by grade in an allocation plan. */
export const PROJECT_PRIORITIES = ["first", "normal", "conditional"] as const;
export type ProjectPriority = (typeof PROJECT_PRIORITIES)[number];

/** Default days of publicity (公示) when a scheme does not say. */
export const DEFAULT_PUBLICITY_DAYS = 5;

/** Island counties (海岛): 南澳县. Their villages are suggested the `island` category. */
export const ISLAND_DIVISION_PREFIXES: readonly string[] = ["440523"];

/**
 * The suggested category of a village (差异化考核): `rectify` when it had at most one star last
 * year, `island` in an island county, `urban` for a residents' community (居委会, from the code's
 * urban/rural kind), `rural` otherwise. The district confirms or changes it.
 */
export function suggestCategory(v: { kind: string; divisionCode: string | null; lastStars: number | null }): { category: VillageCategory; because: "kind" | "island" | "lowStars" } {
  if (v.lastStars !== null && v.lastStars <= 1) return { category: "rectify", because: "lowStars" };
  if (v.divisionCode && ISLAND_DIVISION_PREFIXES.some((p) => v.divisionCode?.startsWith(p))) return { category: "island", because: "island" };
  return { category: v.kind === "community" ? "urban" : "rural", because: "kind" };
}
