import { z } from "zod";
import { endpoint, fileDownload } from "./endpoint.js";
import { idParam } from "./shared.js";
import { PROJECT_PRIORITIES } from "../rating.js";
import { yearParam } from "./rating.contract.js";

/**
 * Next year's fund allocation by the fortress rating (PRACTICE §3.1 "Result → next-year
 * allocation"). Money is in fen (integer) everywhere; the lines always add up to the pool exactly.
 */
export const allocationParams = z
  .object({
    /** Grade → multiplier of the base share, e.g. { 五星: 1.3, 四星: 1.15, … }. */
    starMultipliers: z.record(z.string().min(1).max(64), z.number().min(0).max(100)),
    /** Per-village bounds in fen (applied to the whole amount, earmark included). */
    minFen: z.number().int().min(0).default(0),
    maxFen: z.number().int().min(0).nullable().default(null),
    /** Share of the pool reserved for rectification villages (support, not penalty), 0..0.5. */
    rectificationShare: z.number().min(0).max(0.5).default(0),
    /** Villages at or below this many stars (or in category `rectify`) are rectification villages. */
    rectificationMaxStars: z.number().int().min(0).max(5).default(1),
    /** Project priority by grade: the first row whose minStars the village reaches. */
    priorities: z.array(z.object({ minStars: z.number().int().min(0).max(5), priority: z.enum(PROJECT_PRIORITIES) })).max(6).default([]),
  })
  .strict();
export type AllocationParams = z.infer<typeof allocationParams>;

export const planView = z.object({
  id: z.uuid(),
  name: z.string(),
  year: z.number().int(),
  schemeId: z.uuid(),
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  status: z.enum(["draft", "approved"]),
  poolFen: z.number().int(),
  params: allocationParams,
  approvedAt: z.string().nullable(),
  lineCount: z.number().int(),
  abilities: z.object({ edit: z.boolean(), approve: z.boolean() }),
});
export type PlanView = z.infer<typeof planView>;

export const allocationLine = z.object({
  orgUnitId: z.uuid(),
  village: z.string(),
  town: z.string(),
  grade: z.string().nullable(),
  stars: z.number().int().nullable(),
  total: z.number().nullable(),
  category: z.string().nullable(),
  rectify: z.boolean(),
  priority: z.enum(PROJECT_PRIORITIES),
  amountFen: z.number().int(),
  earmarkFen: z.number().int(),
  /** How the amount was reached: weight, share, bound applied, earmark. */
  explanation: z.object({ weight: z.number(), multiplier: z.number(), bound: z.enum(["min", "max"]).nullable(), text: z.string() }),
});
export type AllocationLine = z.infer<typeof allocationLine>;

export const planDetail = planView.extend({
  lines: z.array(allocationLine),
  byStars: z.array(z.object({ stars: z.number().int().nullable(), villages: z.number().int(), amountFen: z.number().int() })),
});
export type PlanDetail = z.infer<typeof planDetail>;

export const listPlans = endpoint({
  method: "GET",
  path: "/api/v1/allocation/plans",
  summary: "Allocation plans in scope",
  tags: ["allocation"],
  access: { permission: "rating.read" },
  query: z.object({ year: yearParam.optional() }),
  response: z.object({ items: z.array(planView) }),
});

export const createPlan = endpoint({
  method: "POST",
  path: "/api/v1/allocation/plans",
  summary: "Create a draft plan for a fund pool from a published scheme's results (previewed at once)",
  tags: ["allocation"],
  access: { permission: "allocation.manage" },
  body: z.object({ name: z.string().trim().min(2).max(100), schemeId: z.uuid(), orgUnitId: z.uuid(), poolFen: z.number().int().min(1).max(1e14), params: allocationParams }).strict(),
  response: planDetail,
  status: 201,
});

export const getPlan = endpoint({
  method: "GET",
  path: "/api/v1/allocation/plans/:id",
  summary: "A plan with its preview table (one line per village) and the totals per star",
  tags: ["allocation"],
  access: { permission: "rating.read" },
  params: idParam,
  response: planDetail,
});

export const updatePlan = endpoint({
  method: "PATCH",
  path: "/api/v1/allocation/plans/:id",
  summary: "Change a draft's pool or parameters; the preview is recomputed",
  tags: ["allocation"],
  access: { permission: "allocation.manage" },
  params: idParam,
  body: z.object({ name: z.string().trim().min(2).max(100).optional(), poolFen: z.number().int().min(1).max(1e14).optional(), params: allocationParams.optional() }).strict(),
  response: planDetail,
});

export const approvePlan = endpoint({
  method: "POST",
  path: "/api/v1/allocation/plans/:id/approve",
  summary: "Approve a plan (then it is frozen)",
  tags: ["allocation"],
  access: { permission: "allocation.manage" },
  params: idParam,
  response: planDetail,
});

export const exportPlan = endpoint({
  method: "GET",
  path: "/api/v1/allocation/plans/:id/export",
  summary: "The plan as an Excel workbook",
  tags: ["allocation"],
  access: { permission: "rating.read" },
  params: idParam,
  produces: "file",
  response: fileDownload,
});
