import { z } from "zod";
import { endpoint } from "./endpoint.js";
import { idParam, queryBoolean } from "./shared.js";
import { ORG_LEVELS } from "../roles.js";

export const ORG_KINDS = [
  "province", "city", "district", "county", "cityDistrict",
  "street", "town", "township", "quasiTown",
  "community", "rural", "quasiVillage",
  "grid",
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Kinds whose 涉农 mark a user may set (PRACTICE §6.4); others follow from the code. */
export const AGRICULTURAL_EDITABLE_KINDS: readonly OrgKind[] = ["street", "quasiTown", "community", "quasiVillage"];

export const orgUnitSummary = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  level: z.enum(ORG_LEVELS),
  kind: z.enum(ORG_KINDS),
  divisionCode: z.string().nullable(),
  name: z.string(),
  agricultural: z.boolean(),
  revoked: z.boolean(),
  childCount: z.number().int(),
  /** Ancestor names, outermost first ("潮南区 / 红场镇"): set on search results to tell namesakes apart. */
  ancestry: z.string().optional(),
});
export type OrgUnitSummary = z.infer<typeof orgUnitSummary>;

export const levelCounts = z.object({
  district: z.number().int(),
  town: z.number().int(),
  village: z.number().int(),
  grid: z.number().int(),
});
export type LevelCounts = z.infer<typeof levelCounts>;

export const orgUnitDetail = orgUnitSummary.extend({
  ancestors: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      level: z.enum(ORG_LEVELS),
      divisionCode: z.string().nullable(),
      /** Whether the actor may open it (ancestors above the actor's scope are shown, not linked). */
      readable: z.boolean(),
    }),
  ),
  counts: levelCounts,
  departmentCount: z.number().int(),
  abilities: z.object({ manage: z.boolean(), setAgricultural: z.boolean() }),
});
export type OrgUnitDetail = z.infer<typeof orgUnitDetail>;

export const listOrgUnits = endpoint({
  method: "GET",
  path: "/api/v1/org-units",
  summary: "Children of a unit, or a search by name or division code, within the actor's scope",
  tags: ["org"],
  access: { permission: "org.read" },
  query: z.object({
    parentId: z.uuid().optional(),
    q: z.string().trim().min(1).max(50).optional(),
    level: z.enum(ORG_LEVELS).optional(),
    includeRevoked: queryBoolean.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  }),
  response: z.object({ items: z.array(orgUnitSummary), truncated: z.boolean() }),
});

export const orgStats = endpoint({
  method: "GET",
  path: "/api/v1/org-units/stats",
  summary: "Counts of units per level in the actor's scope (or under one unit)",
  tags: ["org"],
  access: { permission: "org.read" },
  query: z.object({ rootId: z.uuid().optional() }),
  response: levelCounts,
});

export const getOrgUnit = endpoint({
  method: "GET",
  path: "/api/v1/org-units/:id",
  summary: "One unit with its ancestors and counts",
  tags: ["org"],
  access: { permission: "org.read" },
  params: idParam,
  response: orgUnitDetail,
});

export const updateOrgUnit = endpoint({
  method: "PATCH",
  path: "/api/v1/org-units/:id",
  summary: "Mark a street or community agricultural (涉农), or rename a grid",
  tags: ["org"],
  access: { permission: "org.manage" },
  params: idParam,
  body: z.object({ agricultural: z.boolean().optional() }).strict(),
  response: orgUnitSummary,
});

export const department = z.object({
  id: z.uuid(),
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  name: z.string(),
  disabled: z.boolean(),
});
export type Department = z.infer<typeof department>;

export const listDepartments = endpoint({
  method: "GET",
  path: "/api/v1/departments",
  summary: "Departments of a district or town (or all in scope)",
  tags: ["org"],
  access: { permission: "org.read" },
  query: z.object({ orgUnitId: z.uuid().optional() }),
  response: z.object({ items: z.array(department) }),
});

export const createDepartment = endpoint({
  method: "POST",
  path: "/api/v1/departments",
  summary: "Create a department under a district or town",
  tags: ["org"],
  access: { permission: "org.manage" },
  body: z.object({ orgUnitId: z.uuid(), name: z.string().trim().min(2).max(60) }).strict(),
  response: department,
  status: 201,
});

export const updateDepartment = endpoint({
  method: "PATCH",
  path: "/api/v1/departments/:id",
  summary: "Rename or disable a department",
  tags: ["org"],
  access: { permission: "org.manage" },
  params: idParam,
  body: z.object({ name: z.string().trim().min(2).max(60).optional(), disabled: z.boolean().optional() }).strict(),
  response: department,
});
