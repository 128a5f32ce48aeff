import { z } from "zod";
import { endpoint } from "./endpoint.js";
import { idParam, paging } from "./shared.js";
import { MAX_SUMMONED, SUMMONS_EVENTS, SUMMONS_STATUSES, WHISTLE_KINDS, WHISTLE_STATUSES, WHISTLE_TEXT_MAX, WHISTLE_TITLE_MAX } from "../whistle.js";

export const whistleKind = z.enum(WHISTLE_KINDS);
export const whistleStatus = z.enum(WHISTLE_STATUSES);
export const summonsStatus = z.enum(SUMMONS_STATUSES);
export const summonsEvent = z.enum(SUMMONS_EVENTS);

/** A whistle on the town's board. */
export const whistleSummary = z.object({
  id: z.uuid(),
  townId: z.uuid(),
  townName: z.string(),
  appealId: z.uuid().nullable(),
  trackingCode: z.string().nullable(),
  kind: whistleKind,
  title: z.string(),
  status: whistleStatus,
  /** null: the system blew it for a 紧急 appeal. */
  blownByName: z.string().nullable(),
  summonsCount: z.number().int(),
  checkedInCount: z.number().int(),
  overdueCount: z.number().int(),
  doneDueAt: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type WhistleSummary = z.infer<typeof whistleSummary>;

/** One summoned department; `events` are those this user may fire on it now. */
export const summons = z.object({
  id: z.uuid(),
  whistleId: z.uuid(),
  whistleTitle: z.string(),
  whistleKind: whistleKind,
  townName: z.string(),
  departmentId: z.uuid(),
  departmentName: z.string(),
  lead: z.boolean(),
  status: summonsStatus,
  checkInDueAt: z.string(),
  doneDueAt: z.string(),
  checkedInAt: z.string().nullable(),
  checkedInOnTime: z.boolean().nullable(),
  reportedAt: z.string().nullable(),
  doneOnTime: z.boolean().nullable(),
  report: z.string().nullable(),
  rating: z.number().int().nullable(),
  ratingComment: z.string().nullable(),
  createdAt: z.string(),
  events: z.array(summonsEvent),
});
export type Summons = z.infer<typeof summons>;

export const whistleDetail = whistleSummary.extend({ description: z.string(), summons: z.array(summons) });
export type WhistleDetail = z.infer<typeof whistleDetail>;

export const blowWhistle = endpoint({
  method: "POST",
  path: "/api/v1/whistles",
  summary: "吹哨: summon departments to an appeal or a standalone problem, one of them leading (首接负责)",
  tags: ["whistle"],
  access: { permission: "appeal.dispatch" },
  body: z
    .object({
      /** The town blowing; defaults to the appeal's town. Required for a standalone problem. */
      townId: z.uuid().optional(),
      appealId: z.uuid().optional(),
      kind: whistleKind,
      title: z.string().trim().min(2).max(WHISTLE_TITLE_MAX),
      description: z.string().trim().min(2).max(WHISTLE_TEXT_MAX),
      departmentIds: z.array(z.uuid()).min(1).max(MAX_SUMMONED),
      leadDepartmentId: z.uuid(),
      /** Override the default check-in deadline (30 min for emergencies, else 1 working day). */
      checkInDueAt: z.iso.datetime({ offset: true }).optional(),
      doneDueAt: z.iso.datetime({ offset: true }).optional(),
    })
    .strict(),
  response: whistleDetail,
  status: 201,
});

export const listWhistles = endpoint({
  method: "GET",
  path: "/api/v1/whistles",
  summary: "The whistle board: whistles of the towns in scope, newest first",
  tags: ["whistle"],
  access: { permission: "appeal.read" },
  query: z.object({ status: whistleStatus.optional(), underId: z.uuid().optional(), appealId: z.uuid().optional(), ...paging }),
  response: z.object({ items: z.array(whistleSummary), total: z.number().int() }),
});

export const getWhistle = endpoint({
  method: "GET",
  path: "/api/v1/whistles/:id",
  summary: "One whistle with its summoned departments and what the user may do on each",
  tags: ["whistle"],
  access: { permission: "appeal.read" },
  params: idParam,
  response: whistleDetail,
});

export const mySummons = endpoint({
  method: "GET",
  path: "/api/v1/my-summons",
  summary: "The department view: summons of the user's departments (open first)",
  tags: ["whistle"],
  access: { permission: "dispatch.respond" },
  query: z.object({ status: summonsStatus.optional(), ...paging }),
  response: z.object({ items: z.array(summons), total: z.number().int() }),
});

export const summonsEventBody = z
  .object({
    event: z.enum(["checkIn", "report", "rate", "cancel"]),
    /** report: what was done; rate: the town's comment. */
    note: z.string().trim().max(WHISTLE_TEXT_MAX).optional(),
    rating: z.number().int().min(1).max(5).optional(),
    reason: z.string().trim().min(2).max(500).optional(),
  })
  .strict();

export const fireSummonsEvent = endpoint({
  method: "POST",
  path: "/api/v1/whistle-summons/:id/events",
  summary: "报到 (checkIn), report back (report), the town's rating (rate, 1–5) or calling a department off (cancel)",
  tags: ["whistle"],
  // Department staff and towns both read appeals; the transition table decides who fires what.
  access: { permission: "appeal.read" },
  params: idParam,
  body: summonsEventBody,
  response: whistleDetail,
});

export const scorecard = z.object({
  departmentId: z.uuid(),
  departmentName: z.string(),
  unitName: z.string(),
  summoned: z.number().int(),
  checkedIn: z.number().int(),
  checkedInOnTime: z.number().int(),
  reported: z.number().int(),
  doneOnTime: z.number().int(),
  rated: z.number().int(),
  averageRating: z.number().nullable(),
  checkInOnTimeRate: z.number().nullable(),
  doneOnTimeRate: z.number().nullable(),
});
export type Scorecard = z.infer<typeof scorecard>;

export const departmentScorecards = endpoint({
  method: "GET",
  path: "/api/v1/department-scorecards",
  summary: "Department scorecards: check-in on time, done on time, average town rating, per period",
  tags: ["whistle"],
  access: { permission: "rates.read" },
  query: z.object({ underId: z.uuid().optional(), from: z.iso.date().optional(), to: z.iso.date().optional() }),
  response: z.object({ items: z.array(scorecard) }),
});

export const autoDepartments = z.object({ items: z.array(z.object({ departmentId: z.uuid(), departmentName: z.string(), lead: z.boolean() })) });

export const getAutoDepartments = endpoint({
  method: "GET",
  path: "/api/v1/towns/:id/whistle-auto",
  summary: "Departments a town's 紧急 appeals summon automatically",
  tags: ["whistle"],
  access: { permission: "appeal.read" },
  params: idParam,
  response: autoDepartments,
});

export const setAutoDepartments = endpoint({
  method: "PUT",
  path: "/api/v1/towns/:id/whistle-auto",
  summary: "Set the departments a town's 紧急 appeals summon automatically (exactly one leads)",
  tags: ["whistle"],
  access: { permission: "appeal.dispatch" },
  params: idParam,
  body: z.object({ items: z.array(z.object({ departmentId: z.uuid(), lead: z.boolean() })).max(MAX_SUMMONED) }).strict(),
  response: autoDepartments,
});
