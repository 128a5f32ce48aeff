import { z } from "zod";
import { endpoint, fileDownload } from "./endpoint.js";
import { idParam, okResponse, paging, queryBoolean } from "./shared.js";
import { lngLat } from "./grids.contract.js";
import {
  APPEAL_CHANNELS,
  APPEAL_EVENTS,
  APPEAL_SCALES,
  APPEAL_STATUSES,
  DESCRIPTION_MAX,
  HANDLING_LEVELS,
  NOTIFIER_KINDS,
  WARNING_LEVELS,
} from "../appeals.js";

export const appealStatus = z.enum(APPEAL_STATUSES);
export const appealScale = z.enum(APPEAL_SCALES);
export const handlingLevel = z.enum(HANDLING_LEVELS);
export const appealEvent = z.enum(APPEAL_EVENTS);

/** `nameEn`: the English name where the catalogue has one (English-language screens show it). */
export const appealCategory = z.object({ id: z.uuid(), code: z.string(), name: z.string(), nameEn: z.string().nullable(), scale: appealScale });

export const listCategories = endpoint({
  method: "GET",
  path: "/api/v1/appeal-categories",
  summary: "The appeal category catalogue (微事 / 小事 / 大事 / 紧急 scale)",
  tags: ["appeals"],
  access: { permission: "appeal.read" },
  response: z.object({ items: z.array(appealCategory) }),
});

/** An appeal in a list: the phone only masked; description is plain text (clients must not render it as HTML). */
export const appealSummary = z.object({
  id: z.uuid(),
  trackingCode: z.string(),
  status: appealStatus,
  channel: z.enum(APPEAL_CHANNELS),
  categoryName: z.string(),
  scale: appealScale,
  gridId: z.uuid().nullable(),
  gridName: z.string().nullable(),
  villageName: z.string().nullable(),
  handlingUnitId: z.uuid(),
  handlingUnitName: z.string(),
  handlingLevel,
  description: z.string(),
  phoneMasked: z.string().nullable(),
  dueAt: z.string().nullable(),
  warning: z.enum(WARNING_LEVELS).nullable(),
  escalations: z.number().int(),
  createdAt: z.string(),
});
export type AppealSummary = z.infer<typeof appealSummary>;

export const timelineEntry = z.object({
  at: z.string(),
  event: z.string(),
  fromState: z.string(),
  toState: z.string(),
  /** The actor's display name (红场镇党委); `actorUsername` is the account (hongchang) or system:… */
  actorName: z.string(),
  actorUsername: z.string(),
  note: z.string().nullable(),
  /** For a `recomputeDue` entry: the step's due time before and after the calendar change. */
  dueMove: z.object({ from: z.string(), to: z.string() }).nullable(),
});

export const appealDetail = appealSummary.extend({
  /** The town the appeal lies in (whom a whistle on it is blown by); null above town level. */
  townId: z.uuid().nullable(),
  locationText: z.string().nullable(),
  location: lngLat.nullable(),
  resolution: z.string().nullable(),
  rejectReason: z.string().nullable(),
  satisfaction: z.number().int().nullable(),
  feedback: z.string().nullable(),
  reopens: z.number().int(),
  attachments: z.array(z.object({ id: z.uuid(), kind: z.enum(["photo", "voice"]), mimeType: z.string(), size: z.number().int() })),
  extensions: z.array(
    z.object({ id: z.uuid(), workingDays: z.number().int(), reason: z.string(), status: z.enum(["pending", "approved", "denied"]), createdAt: z.string() }),
  ),
  timeline: z.array(timelineEntry),
  /** The events this user may fire now: the UI shows buttons from these. */
  abilities: z.object({
    events: z.array(appealEvent),
    unmask: z.boolean(),
    decideExtension: z.boolean(),
    /** May add photos / a voice note (appeal.handle over the appeal, while it is open). */
    attach: z.boolean(),
  }),
});
export type AppealDetail = z.infer<typeof appealDetail>;

export const APPEAL_QUEUES = ["all", "mine", "dueSoon", "overdue"] as const;

export const listAppeals = endpoint({
  method: "GET",
  path: "/api/v1/appeals",
  summary: "The work queue: all in scope, mine (my units), due soon (24 h) or overdue",
  tags: ["appeals"],
  access: { permission: "appeal.read" },
  query: z.object({
    queue: z.enum(APPEAL_QUEUES).default("all"),
    status: appealStatus.optional(),
    underId: z.uuid().optional(),
    open: queryBoolean.optional(),
    ...paging,
  }),
  response: z.object({ items: z.array(appealSummary), total: z.number().int() }),
});

export const getAppeal = endpoint({
  method: "GET",
  path: "/api/v1/appeals/:id",
  summary: "One appeal with its timeline, attachments and the events the user may fire",
  tags: ["appeals"],
  access: { permission: "appeal.read" },
  params: idParam,
  response: appealDetail,
});

const description = z.string().trim().min(2).max(DESCRIPTION_MAX);

export const fileAppeal = endpoint({
  method: "POST",
  path: "/api/v1/appeals",
  summary: "A grid worker files an appeal on behalf of a resident (代办) or reports a patrol finding (主动发现)",
  tags: ["appeals"],
  access: { permission: "appeal.handle" },
  body: z
    .object({
      channel: z.enum(["onBehalf", "patrol"]),
      gridId: z.uuid(),
      categoryId: z.uuid(),
      description,
      locationText: z.string().trim().max(200).optional(),
      location: lngLat.optional(),
      phone: z.string().trim().max(20).optional(),
      consent: z.boolean().optional(),
      idempotencyKey: z.string().trim().min(8).max(64).optional(),
    })
    .strict(),
  response: appealDetail,
  status: 201,
});

/** Events a user fires from the detail screen; the server checks the table, the actor and the guard. */
export const USER_EVENTS = ["accept", "start", "resolve", "return", "escalate", "dispatch", "reject", "transfer"] as const;

export const fireEvent = endpoint({
  method: "POST",
  path: "/api/v1/appeals/:id/events",
  summary: "Apply a workflow event (accept, start, resolve, return, escalate, dispatch, reject, transfer)",
  tags: ["appeals"],
  access: { permission: "appeal.handle" },
  params: idParam,
  body: z
    .object({
      event: z.enum(USER_EVENTS),
      note: z.string().trim().max(1000).optional(),
      /** reject: the reason shown to the resident; transfer: the unit that should handle it. */
      reason: z.string().trim().min(2).max(500).optional(),
      unitId: z.uuid().optional(),
    })
    .strict(),
  response: appealDetail,
});

export const requestExtension = endpoint({
  method: "POST",
  path: "/api/v1/appeals/:id/extensions",
  summary: "Ask the level above for more working days (延期)",
  tags: ["appeals"],
  access: { permission: "appeal.handle" },
  params: idParam,
  body: z.object({ workingDays: z.number().int().min(1).max(30), reason: z.string().trim().min(2).max(500) }).strict(),
  response: appealDetail,
  status: 201,
});

export const decideExtension = endpoint({
  method: "POST",
  path: "/api/v1/appeals/:id/extensions/:extensionId/decision",
  summary: "Approve (moves the deadline) or deny a pending extension",
  tags: ["appeals"],
  access: { permission: "appeal.handle" },
  params: z.object({ id: z.uuid(), extensionId: z.uuid() }),
  body: z.object({ approve: z.boolean(), note: z.string().trim().max(500).optional() }).strict(),
  response: appealDetail,
});

export const unmaskAppealPhone = endpoint({
  method: "POST",
  path: "/api/v1/appeals/:id/unmask",
  summary: "Show the reporter's full phone number (needs a reason; audited)",
  tags: ["appeals"],
  access: { permission: "appeal.handle" },
  params: idParam,
  body: z.object({ reason: z.string().trim().min(2).max(200) }).strict(),
  response: z.object({ phone: z.string().nullable() }),
});

export const downloadAppealAttachment = endpoint({
  method: "GET",
  path: "/api/v1/appeals/:id/attachments/:attachmentId",
  summary: "A photo or voice note of an appeal",
  tags: ["appeals"],
  access: { permission: "appeal.read" },
  params: z.object({ id: z.uuid(), attachmentId: z.uuid() }),
  response: fileDownload,
  produces: "file",
});

// ---- notifications -------------------------------------------------------------------------

export const notificationView = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  entityType: z.string().nullable(),
  entityId: z.uuid().nullable(),
  createdAt: z.string(),
  read: z.boolean(),
});

export const listNotifications = endpoint({
  method: "GET",
  path: "/api/v1/notifications",
  summary: "The signed-in user's in-app inbox, newest first, with the unread count",
  tags: ["notifications"],
  access: { authenticated: true },
  query: z.object({ unread: queryBoolean.optional(), ...paging }),
  response: z.object({ items: z.array(notificationView), total: z.number().int(), unread: z.number().int() }),
});

export const markNotificationsRead = endpoint({
  method: "POST",
  path: "/api/v1/notifications/read",
  summary: "Mark some (or all) of the user's notifications read",
  tags: ["notifications"],
  access: { authenticated: true },
  body: z.object({ ids: z.array(z.uuid()).max(500).optional(), all: z.boolean().optional() }).strict(),
  response: z.object({ unread: z.number().int() }),
});

export const notifierKind = z.enum(NOTIFIER_KINDS);

export const notifierConfigView = z.object({
  id: z.uuid(),
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  kind: notifierKind,
  name: z.string(),
  /** Only the host is shown: the URL carries the robot's key. */
  urlHost: z.string(),
  hasSecret: z.boolean(),
  perMinute: z.number().int(),
  enabled: z.boolean(),
});

export const listNotifierConfigs = endpoint({
  method: "GET",
  path: "/api/v1/notifier-configs",
  summary: "External notification channels (WeCom / DingTalk robots, signed webhooks) in scope",
  tags: ["notifications"],
  access: { permission: "org.manage" },
  query: z.object({ orgUnitId: z.uuid().optional() }),
  response: z.object({ items: z.array(notifierConfigView) }),
});

export const createNotifierConfig = endpoint({
  method: "POST",
  path: "/api/v1/notifier-configs",
  summary: "Add an external channel for an org unit's appeal notifications",
  tags: ["notifications"],
  access: { permission: "org.manage" },
  body: z
    .object({
      orgUnitId: z.uuid(),
      kind: notifierKind,
      name: z.string().trim().min(1).max(40),
      url: z.url().max(500),
      secret: z.string().min(8).max(200).optional(),
      perMinute: z.number().int().min(1).max(600).optional(),
    })
    .strict(),
  response: notifierConfigView,
  status: 201,
});

export const deleteNotifierConfig = endpoint({
  method: "DELETE",
  path: "/api/v1/notifier-configs/:id",
  summary: "Disable an external channel",
  tags: ["notifications"],
  access: { permission: "org.manage" },
  params: idParam,
  response: okResponse,
});
