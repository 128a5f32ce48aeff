import { z } from "zod";
import { endpoint } from "./endpoint.js";
import { idParam, paging } from "./shared.js";
import { ASSESSMENT_EVENTS, ASSESSMENT_STATUSES, VILLAGE_CATEGORIES } from "../rating.js";

/**
 * Ratings: schemes, village categories and the yearly assessment workflow. Results, jobs and
 * member stars are in rating-results.contract.ts, allocation in allocation.contract.ts.
 *
 * A scheme's body is the engine's Scheme JSON; it is validated by the engine on the server,
 * which answers VALIDATION with one field per problem (e.g. `body.dimensions.2.indicators.0.cap`).
 */
export const yearParam = z.coerce.number().int().min(2000).max(2100);
export const schemeStatus = z.enum(["draft", "published", "archived"]);
export const programme = z.enum(["fortress", "memberStar", "cadreReview", "contest", "demoStandard", "brandReview"]);
export const villageCategory = z.enum(VILLAGE_CATEGORIES, { message: "rating.badCategory" });
export const assessmentStatus = z.enum(ASSESSMENT_STATUSES);
export const assessmentEvent = z.enum(ASSESSMENT_EVENTS, { message: "rating.badEvent" });
/** The engine's Scheme JSON (shape checked by the server's engine, not here). */
export const schemeBody = z.record(z.string(), z.unknown());

export const schemeView = z.object({
  /** Subjects rated with this scheme in the actor's scope (listSchemes only): screens default to the newest with results. */
  rated: z.number().int().optional(),
  id: z.uuid(),
  code: z.string(),
  version: z.number().int(),
  programme,
  year: z.number().int(),
  issuingUnitId: z.uuid(),
  issuingUnitName: z.string(),
  subjectLevel: z.string(),
  status: schemeStatus,
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  abilities: z.object({ edit: z.boolean(), publish: z.boolean(), archive: z.boolean(), newVersion: z.boolean() }),
});
export type SchemeView = z.infer<typeof schemeView>;
export const schemeDetail = schemeView.extend({ body: schemeBody });
export type SchemeDetail = z.infer<typeof schemeDetail>;

export const listSchemes = endpoint({
  method: "GET",
  path: "/api/v1/rating/schemes",
  summary: "Rating schemes issued by units the actor can see or by their ancestors",
  tags: ["rating"],
  access: { permission: "rating.read" },
  query: z.object({ programme: programme.optional(), year: yearParam.optional(), status: schemeStatus.optional() }),
  response: z.object({ items: z.array(schemeView) }),
});

export const getScheme = endpoint({
  method: "GET",
  path: "/api/v1/rating/schemes/:id",
  summary: "One scheme with its body (dimensions, indicators, categories, vetoes, grading)",
  tags: ["rating"],
  access: { permission: "rating.read" },
  params: idParam,
  response: schemeDetail,
});

export const createScheme = endpoint({
  method: "POST",
  path: "/api/v1/rating/schemes",
  summary: "Create a draft scheme, from a body or from a default (fortress / memberStar) for a year",
  tags: ["rating"],
  access: { permission: "rating.scheme" },
  body: z
    .object({
      issuingUnitId: z.uuid(),
      fromDefault: z.enum(["fortress", "memberStar"]).optional(),
      year: yearParam.optional(),
      body: schemeBody.optional(),
    })
    .strict(),
  response: schemeDetail,
  status: 201,
});

export const updateScheme = endpoint({
  method: "PATCH",
  path: "/api/v1/rating/schemes/:id",
  summary: "Replace a draft's body (a published scheme is read-only: make a new version)",
  tags: ["rating"],
  access: { permission: "rating.scheme" },
  params: idParam,
  body: z.object({ body: schemeBody }).strict(),
  response: schemeDetail,
});

const schemeAction = (action: "publish" | "archive" | "new-version", summary: string, status: 200 | 201 = 200) =>
  endpoint({
    method: "POST",
    path: `/api/v1/rating/schemes/:id/${action}`,
    summary,
    tags: ["rating"],
    access: { permission: "rating.scheme" },
    params: idParam,
    response: schemeDetail,
    status,
  });
export const publishScheme = schemeAction("publish", "Publish a draft after the engine's validation (then it is frozen)");
export const archiveScheme = schemeAction("archive", "Archive a scheme");
export const newSchemeVersion = schemeAction("new-version", "Copy a scheme into a new draft version", 201);

export const previewScheme = endpoint({
  method: "POST",
  path: "/api/v1/rating/schemes/:id/preview",
  summary: "Score one sample village with this scheme (draft or not) from its current data, without storing",
  tags: ["rating"],
  access: { permission: "rating.read" },
  params: idParam,
  body: z.object({ orgUnitId: z.uuid() }).strict(),
  response: z.object({ ok: z.boolean(), result: z.unknown().nullable(), problems: z.array(z.object({ code: z.string(), path: z.string(), message: z.string() })) }),
});

export const metricView = z.object({ name: z.string(), label: z.string(), unit: z.string(), description: z.string(), subjectKind: z.string() });
export const listMetrics = endpoint({
  method: "GET",
  path: "/api/v1/rating/metrics",
  summary: "The metrics modules publish (what an auto indicator may read)",
  tags: ["rating"],
  access: { permission: "rating.read" },
  response: z.object({ items: z.array(metricView) }),
});

export const categoryRow = z.object({
  orgUnitId: z.uuid(),
  name: z.string(),
  divisionCode: z.string().nullable(),
  townName: z.string(),
  kind: z.string(),
  category: villageCategory.nullable(),
  suggested: villageCategory,
  /** Why the suggestion: `kind` (urban/rural from the code), `island`, `lowStars` (≤ 1 star last year). */
  suggestedBecause: z.enum(["kind", "island", "lowStars"]),
});
export type CategoryRow = z.infer<typeof categoryRow>;

export const listCategories = endpoint({
  method: "GET",
  path: "/api/v1/rating/categories",
  summary: "Villages in scope (or under one unit) with their category for a year and the suggestion",
  tags: ["rating"],
  access: { permission: "rating.read" },
  query: z.object({ year: yearParam, orgUnitId: z.uuid().optional(), ...paging, pageSize: z.coerce.number().int().min(1).max(2000).default(200) }),
  response: z.object({ items: z.array(categoryRow), total: z.number().int() }),
});

export const setCategories = endpoint({
  method: "PUT",
  path: "/api/v1/rating/categories",
  summary: "Categorise villages for a year in bulk: explicit items, or accept every suggestion under a unit",
  tags: ["rating"],
  access: { permission: "rating.approve" },
  body: z
    .object({
      year: yearParam,
      items: z.array(z.object({ orgUnitId: z.uuid(), category: villageCategory })).max(30_000).optional(),
      acceptSuggestionsUnder: z.uuid().optional(),
    })
    .strict(),
  response: z.object({ updated: z.number().int() }),
});

export const assessmentView = z.object({
  id: z.uuid(),
  schemeId: z.uuid(),
  schemeName: z.string(),
  year: z.number().int(),
  orgUnitId: z.uuid(),
  villageName: z.string(),
  townName: z.string(),
  status: assessmentStatus,
  category: z.string().nullable(),
  publicityEndsAt: z.string().nullable(),
  total: z.number().nullable(),
  grade: z.string().nullable(),
  updatedAt: z.string(),
  /** The events the actor may fire now; the UI shows buttons from these. */
  abilities: z.object({ events: z.array(assessmentEvent), scoreAs: z.array(z.string()) }),
});
export type AssessmentView = z.infer<typeof assessmentView>;

export const historyRow = z.object({ from: z.string(), to: z.string(), event: z.string(), actorName: z.string(), at: z.string(), note: z.string().nullable() });
export const assessmentDetail = assessmentView.extend({
  manualScores: z.record(z.string(), z.record(z.string(), z.number())),
  vetoHits: z.array(z.string()),
  evidence: z.record(z.string(), z.array(z.string())),
  /** Uploaded evidence files, per indicator (see ratingInputs.uploadEvidence). */
  evidenceFiles: z.array(z.object({ id: z.uuid(), indicator: z.string(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int(), createdAt: z.string() })),
  notes: z.object({ self: z.string().nullable(), town: z.string().nullable(), district: z.string().nullable() }),
  objection: z
    .object({ reason: z.string(), at: z.string(), answer: z.string().nullable(), upheld: z.boolean().nullable(), answeredAt: z.string().nullable() })
    .nullable(),
  history: z.array(historyRow),
});
export type AssessmentDetail = z.infer<typeof assessmentDetail>;

export const openAssessments = endpoint({
  method: "POST",
  path: "/api/v1/rating/schemes/:id/assessments",
  summary: "Open the year's assessment for every village under a unit (set-based; existing ones kept)",
  tags: ["rating"],
  access: { permission: "rating.approve" },
  params: idParam,
  body: z.object({ orgUnitId: z.uuid() }).strict(),
  response: z.object({ created: z.number().int(), existing: z.number().int() }),
  status: 201,
});

export const listAssessments = endpoint({
  method: "GET",
  path: "/api/v1/rating/assessments",
  summary: "Assessments in scope; `awaitingMe` is the work queue (what the actor can act on now)",
  tags: ["rating"],
  access: { permission: "rating.read" },
  query: z.object({
    schemeId: z.uuid().optional(),
    status: assessmentStatus.optional(),
    orgUnitId: z.uuid().optional(),
    awaitingMe: z.enum(["true", "false"]).optional(),
    ...paging,
  }),
  response: z.object({ items: z.array(assessmentView), total: z.number().int() }),
});

export const workQueue = endpoint({
  method: "GET",
  path: "/api/v1/rating/queue",
  summary: "What awaits the actor: assessments per state it can act on, per scheme",
  tags: ["rating"],
  access: { permission: "rating.read" },
  response: z.object({ items: z.array(z.object({ schemeId: z.uuid(), schemeName: z.string(), status: assessmentStatus, count: z.number().int() })) }),
});

export const getAssessment = endpoint({
  method: "GET",
  path: "/api/v1/rating/assessments/:id",
  summary: "One assessment with its scores, evidence, objection and history",
  tags: ["rating"],
  access: { permission: "rating.read" },
  params: idParam,
  response: assessmentDetail,
});

export const saveScores = endpoint({
  method: "PUT",
  path: "/api/v1/rating/assessments/:id/scores",
  summary: "Enter the scores of the role the current state collects (self / town / survey / district)",
  tags: ["rating"],
  access: { permission: "rating.read" },
  params: idParam,
  body: z
    .object({
      role: z.string().min(1).max(64),
      scores: z.record(z.string(), z.number()),
      vetoHits: z.array(z.string()).max(50).optional(),
      evidence: z.record(z.string(), z.array(z.string().min(1).max(300)).max(20)).optional(),
      note: z.string().max(2000).optional(),
    })
    .strict(),
  response: assessmentDetail,
});

export const transitionAssessment = endpoint({
  method: "POST",
  path: "/api/v1/rating/assessments/:id/events",
  summary: "Fire a workflow event (submit, review, approve, object, dismiss, uphold, return …)",
  tags: ["rating"],
  access: { permission: "rating.read" },
  params: idParam,
  body: z.object({ event: assessmentEvent, note: z.string().max(2000).optional(), reason: z.string().max(2000).optional() }).strict(),
  response: assessmentDetail,
});
