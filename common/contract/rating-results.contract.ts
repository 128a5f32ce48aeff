import { z } from "zod";
import { endpoint } from "./endpoint.js";
import { idParam, paging } from "./shared.js";
import { LEDGER_KINDS, REVIEW_GRADES } from "../rating.js";
import { yearParam } from "./rating.contract.js";

/** Rating jobs, results (distribution, movement, ranking, rectification), the public star list and member stars. */

export const ratingJobView = z.object({
  id: z.uuid(),
  kind: z.string(),
  status: z.enum(["running", "succeeded", "failed"]),
  phase: z.string(),
  done: z.number().int(),
  total: z.number().int().nullable(),
  result: z.unknown().nullable(),
  stale: z.boolean(),
});
export type RatingJobView = z.infer<typeof ratingJobView>;

export const startRatingJob = endpoint({
  method: "POST",
  path: "/api/v1/rating/jobs",
  summary: "Rate every subject of a published scheme under a unit (a district, the city) as one set-based job",
  tags: ["rating"],
  access: { permission: "rating.approve" },
  body: z.object({ schemeId: z.uuid(), orgUnitId: z.uuid() }).strict(),
  response: ratingJobView,
  status: 201,
});

export const getRatingJob = endpoint({
  method: "GET",
  path: "/api/v1/rating/jobs/:id",
  summary: "A rating job's progress and outcome",
  tags: ["rating"],
  access: { permission: "rating.read" },
  params: idParam,
  response: ratingJobView,
});

const scopeQuery = { schemeId: z.uuid(), orgUnitId: z.uuid().optional() };

export const resultsSummary = endpoint({
  method: "GET",
  path: "/api/v1/rating/results/summary",
  summary: "Star distribution, per-district distribution (map) and movement against the previous year",
  tags: ["rating"],
  access: { permission: "rating.read" },
  query: z.object(scopeQuery),
  response: z.object({
    year: z.number().int(),
    rated: z.number().int(),
    distribution: z.array(z.object({ grade: z.string(), stars: z.number().int().nullable(), count: z.number().int() })),
    byUnit: z.array(z.object({ orgUnitId: z.uuid(), name: z.string(), divisionCode: z.string().nullable(), rated: z.number().int(), avgTotal: z.number(), byStars: z.record(z.string(), z.number().int()) })),
    movement: z.object({ up: z.number().int(), same: z.number().int(), down: z.number().int(), new: z.number().int() }),
    byCategory: z.array(z.object({ category: z.string().nullable(), count: z.number().int(), avgTotal: z.number() })),
  }),
});

export const resultRow = z.object({
  subjectId: z.uuid(),
  name: z.string(),
  townName: z.string(),
  districtName: z.string(),
  category: z.string().nullable(),
  total: z.number(),
  grade: z.string().nullable(),
  stars: z.number().int().nullable(),
  rankInCategory: z.number().int().nullable(),
  previousStars: z.number().int().nullable(),
  /** 升星 (+), 降星 (−), same (0), or null when not rated last year. */
  movement: z.number().int().nullable(),
  provisional: z.boolean(),
});
export type ResultRow = z.infer<typeof resultRow>;

export const listResults = endpoint({
  method: "GET",
  path: "/api/v1/rating/results",
  summary: "Ranking within category (or all) with the movement against last year",
  tags: ["rating"],
  access: { permission: "rating.read" },
  query: z.object({ ...scopeQuery, category: z.string().max(64).optional(), grade: z.string().max(64).optional(), movement: z.enum(["up", "down"]).optional(), ...paging }),
  response: z.object({ items: z.array(resultRow), total: z.number().int() }),
});

export const rectificationList = endpoint({
  method: "GET",
  path: "/api/v1/rating/results/rectification",
  summary: "The rectification list: ≤ maxStars stars, or the bottom N% of each category",
  tags: ["rating"],
  access: { permission: "rating.read" },
  query: z.object({ ...scopeQuery, maxStars: z.coerce.number().int().min(0).max(5).default(1), bottomPercent: z.coerce.number().min(0).max(50).default(5) }),
  response: z.object({ items: z.array(resultRow.extend({ because: z.enum(["stars", "bottom"]) })) }),
});

export const villageRating = endpoint({
  method: "GET",
  path: "/api/v1/rating/villages/:id",
  summary: "A village's rating for a year with the full breakdown (every input, rule and point) and last year's",
  tags: ["rating"],
  access: { permission: "rating.read" },
  params: idParam,
  query: z.object({ year: yearParam, programme: z.string().max(32).default("fortress") }),
  response: z.object({
    orgUnitId: z.uuid(),
    name: z.string(),
    year: z.number().int(),
    schemeId: z.uuid().nullable(),
    assessmentId: z.uuid().nullable(),
    assessmentStatus: z.string().nullable(),
    total: z.number().nullable(),
    grade: z.string().nullable(),
    stars: z.number().int().nullable(),
    rankInCategory: z.number().int().nullable(),
    categorySize: z.number().int().nullable(),
    /**
     * The engine's ScoreResult (dimensions, breakdown lines with input, rule, points and reason,
     * vetoes, notes), recomputed from the stored facts with the stored scheme version.
     */
    result: z.unknown().nullable(),
    /** True when the recomputation gives every indicator exactly the stored points. */
    reproduced: z.boolean(),
    /** Message texts of the breakdown, resolved in the caller's language, keyed by indicator code. */
    explanations: z.record(z.string(), z.object({ name: z.string(), reason: z.string(), notes: z.array(z.string()), metricLabel: z.string().nullable() })),
    previous: z.object({ year: z.number().int(), total: z.number(), grade: z.string().nullable(), stars: z.number().int().nullable() }).nullable(),
  }),
});

export const publicStarList = endpoint({
  method: "GET",
  path: "/api/v1/public/rating/:id/stars",
  summary: "公示: the star list of a scheme's villages in publicity or final (names and stars only, no personal data)",
  tags: ["rating"],
  access: { public: true },
  params: idParam,
  query: z.object({ orgUnitId: z.uuid().optional() }),
  response: z.object({
    schemeName: z.string(),
    year: z.number().int(),
    items: z.array(z.object({ village: z.string(), town: z.string(), grade: z.string().nullable(), total: z.number(), publicityEndsAt: z.string().nullable(), final: z.boolean() })),
  }),
});

export const ledgerEntry = z.object({
  id: z.uuid(),
  memberId: z.uuid(),
  year: z.number().int(),
  kind: z.enum(LEDGER_KINDS),
  quantity: z.number(),
  occurredOn: z.string(),
  note: z.string(),
  evidence: z.array(z.string()),
  createdAt: z.string(),
});

export const addLedgerEntry = endpoint({
  method: "POST",
  path: "/api/v1/rating/members/:id/ledger",
  summary: "Record a member star event (study, volunteer hours with evidence, visit, urgent task, upheld complaint, discipline)",
  tags: ["rating"],
  access: { permission: "party.manage" },
  params: idParam,
  body: z
    .object({
      kind: z.enum(LEDGER_KINDS, { message: "rating.badLedgerKind" }),
      quantity: z.number().gt(0).max(1000),
      occurredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "party.date" }),
      note: z.string().max(500).optional(),
      evidence: z.array(z.string().min(1).max(300)).max(20).optional(),
    })
    .strict(),
  response: ledgerEntry,
  status: 201,
});

export const starCardLine = z.object({
  indicator: z.string(),
  name: z.string(),
  dimension: z.string(),
  points: z.number(),
  cap: z.number(),
  count: z.number().nullable(),
  negative: z.boolean(),
  excluded: z.boolean(),
  reason: z.string(),
});
export const starCard = z.object({
  /** The member's party organisation (its branch scores: ratingInputs.getMemberScores). */
  partyOrgId: z.uuid(),
  memberId: z.uuid(),
  name: z.string(),
  partyOrgName: z.string(),
  year: z.number().int(),
  category: z.string(),
  total: z.number().nullable(),
  grade: z.string().nullable(),
  stars: z.number().int().nullable(),
  provisional: z.boolean(),
  disqualified: z.boolean(),
  lines: z.array(starCardLine),
  /** 民主评议, kept beside the stars: null for probationary members (ungraded) or not yet graded. */
  reviewGrade: z.enum(REVIEW_GRADES).nullable(),
  probationary: z.boolean(),
  ledger: z.array(ledgerEntry),
});
export type StarCard = z.infer<typeof starCard>;

export const memberStarCard = endpoint({
  method: "GET",
  path: "/api/v1/rating/members/:id/stars",
  summary: "A member's star card: points against each cap this year (computed live from the records), 民主评议 beside",
  tags: ["rating"],
  access: { permission: "party.read" },
  params: idParam,
  query: z.object({ year: yearParam }),
  response: starCard,
});

export const myStarCard = endpoint({
  method: "GET",
  path: "/api/v1/rating/me/stars",
  summary: "The signed-in member's own star card",
  tags: ["rating"],
  access: { permission: "self.read" },
  query: z.object({ year: yearParam }),
  response: starCard,
});

export const setReviewGrades = endpoint({
  method: "PUT",
  path: "/api/v1/rating/review-grades",
  summary: "民主评议 grades of a branch for a year (优秀 ≤ 1/3 of graded members; probationary members ungraded)",
  tags: ["rating"],
  access: { permission: "party.manage" },
  body: z
    .object({
      partyOrgId: z.uuid(),
      year: yearParam,
      grades: z.array(z.object({ memberId: z.uuid(), grade: z.enum(REVIEW_GRADES, { message: "rating.badReviewGrade" }) })).min(1).max(500),
    })
    .strict(),
  response: z.object({ updated: z.number().int(), excellent: z.number().int(), excellentMax: z.number().int() }),
});

export const linkMemberAccount = endpoint({
  method: "PUT",
  path: "/api/v1/rating/members/:id/account",
  summary: "Link a `member` account to this member record, so the member sees their own star card",
  tags: ["rating"],
  access: { permission: "party.manage" },
  params: idParam,
  body: z.object({ userId: z.uuid() }).strict(),
  response: z.object({ memberId: z.uuid(), userId: z.uuid() }),
});

export const publicSchemes = endpoint({
  method: "GET",
  path: "/api/v1/public/rating/schemes",
  summary: "公示 index: published fortress schemes with villages in publicity or final (names and years only, no personal data)",
  tags: ["rating"],
  access: { public: true },
  response: z.object({ items: z.array(z.object({ id: z.uuid(), name: z.string(), year: z.number().int() })) }),
});
