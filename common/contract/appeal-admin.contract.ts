/**
 * What the appeals admin screens needed beyond the first cut (NEEDS.md): photos on 代办 /
 * 主动发现, the departments a town may summon, and the category / deadline-rule catalogue.
 */
import { z } from "zod";
import { endpoint } from "./endpoint.js";
import { idParam, okResponse } from "./shared.js";
import { appealDetail, appealScale, handlingLevel } from "./appeals.contract.js";
import { DEADLINE_STAGES, DEADLINE_UNITS } from "../appeals.js";

export const addAppealAttachments = endpoint({
  method: "POST",
  path: "/api/v1/appeals/:id/attachments",
  summary: "Attach photos (≤ 3 on the appeal in all) or one voice note to an appeal the user handles, e.g. right after 代办 / 主动发现 (multipart fields `photo`, `voice`)",
  tags: ["appeals"],
  access: { permission: "appeal.handle" },
  params: idParam,
  consumes: "multipart",
  response: appealDetail,
  status: 201,
});

export const summonableDepartment = z.object({
  id: z.uuid(),
  name: z.string(),
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  level: z.enum(["province", "city", "district", "town"]),
});
export type SummonableDepartment = z.infer<typeof summonableDepartment>;

export const summonableDepartments = endpoint({
  method: "GET",
  path: "/api/v1/towns/:id/summonable-departments",
  summary: "Departments a town may summon (吹哨): its own and those of the units above it, exactly what blowing a whistle accepts",
  tags: ["whistle"],
  access: { permission: "appeal.dispatch" },
  params: idParam,
  response: z.object({ items: z.array(summonableDepartment) }),
});

// ---- the category catalogue ----------------------------------------------------------------

export const adminCategory = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  scale: appealScale,
  sort: z.number().int(),
  disabled: z.boolean(),
  /** Appeals filed under it (a used category is disabled, never deleted). */
  appeals: z.number().int(),
});
export type AdminCategory = z.infer<typeof adminCategory>;

export const listAdminCategories = endpoint({
  method: "GET",
  path: "/api/v1/appeal-config/categories",
  summary: "Every appeal category, disabled ones included, for the catalogue screen",
  tags: ["appeals"],
  access: { permission: "appeal.configure" },
  response: z.object({ items: z.array(adminCategory) }),
});

const categoryName = z.string().trim().min(2).max(20);
const categoryNameEn = z.string().trim().min(2).max(60);

export const createCategory = endpoint({
  method: "POST",
  path: "/api/v1/appeal-config/categories",
  summary: "Add an appeal category (the code is stable; the names can change later)",
  tags: ["appeals"],
  access: { permission: "appeal.configure" },
  body: z
    .object({
      code: z.string().trim().regex(/^[a-z][a-z0-9-]{1,29}$/),
      name: categoryName,
      nameEn: categoryNameEn.optional(),
      scale: appealScale,
      sort: z.number().int().min(0).max(10000).optional(),
    })
    .strict(),
  response: adminCategory,
  status: 201,
});

export const updateCategory = endpoint({
  method: "PATCH",
  path: "/api/v1/appeal-config/categories/:id",
  summary: "Rename, re-order, disable or re-enable a category (its scale is fixed: filed appeals and rules depend on it)",
  tags: ["appeals"],
  access: { permission: "appeal.configure" },
  params: idParam,
  body: z
    .object({
      name: categoryName.optional(),
      nameEn: categoryNameEn.nullable().optional(),
      sort: z.number().int().min(0).max(10000).optional(),
      disabled: z.boolean().optional(),
    })
    .strict(),
  response: adminCategory,
});

// ---- deadline rules ---------------------------------------------------------------------------

export const deadlineStage = z.enum(DEADLINE_STAGES);
export const deadlineUnit = z.enum(DEADLINE_UNITS);

export const deadlineRule = z.object({
  id: z.uuid(),
  /** null: every category of the scale. */
  categoryId: z.uuid().nullable(),
  categoryName: z.string().nullable(),
  scale: appealScale,
  /** null: every level. */
  level: handlingLevel.nullable(),
  stage: deadlineStage,
  unit: deadlineUnit,
  amount: z.number(),
  yellowPercent: z.number().int(),
  /** The scale's fallback (no category, no level): it can be edited but not deleted. */
  fallback: z.boolean(),
});
export type DeadlineRuleView = z.infer<typeof deadlineRule>;

export const listDeadlineRules = endpoint({
  method: "GET",
  path: "/api/v1/appeal-config/deadline-rules",
  summary: "The deadline rules in force (category × scale × level × stage; the most specific wins)",
  tags: ["appeals"],
  access: { permission: "appeal.configure" },
  response: z.object({ items: z.array(deadlineRule) }),
});

export const putDeadlineRule = endpoint({
  method: "PUT",
  path: "/api/v1/appeal-config/deadline-rules",
  summary: "Set the rule for one category × scale × level × stage (created or replaced); running deadlines keep their due time",
  tags: ["appeals"],
  access: { permission: "appeal.configure" },
  body: z
    .object({
      categoryId: z.uuid().nullable(),
      scale: appealScale,
      level: handlingLevel.nullable(),
      stage: deadlineStage,
      unit: deadlineUnit,
      amount: z.number().min(0).max(100_000),
      yellowPercent: z.number().int().min(1).max(99).default(67),
    })
    .strict(),
  response: deadlineRule,
});

export const deleteDeadlineRule = endpoint({
  method: "DELETE",
  path: "/api/v1/appeal-config/deadline-rules/:id",
  summary: "Remove a specific rule (the scale's fallback then applies again)",
  tags: ["appeals"],
  access: { permission: "appeal.configure" },
  params: idParam,
  response: okResponse,
});
