import { sql } from "drizzle-orm";
import { boolean, doublePrecision, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type {
  AppealChannel,
  AppealScale,
  AppealStatus,
  DeadlineStage,
  DeadlineUnit,
  HandlingLevel,
  NotifierKind,
  WarningLevel,
} from "../../../common/appeals.js";

/** What only grids have; the grid itself is an org unit of level `grid` under its village. */
export const grids = pgTable(
  "grids",
  {
    orgUnitId: uuid("org_unit_id").primaryKey(),
    villageId: uuid("village_id").notNull(),
    code: text("code").notNull(),
    households: integer("households").notNull().default(0),
    boundary: jsonb("boundary"),
    centreLng: doublePrecision("centre_lng"),
    centreLat: doublePrecision("centre_lat"),
    leaderUserId: uuid("leader_user_id"),
    signboardVersion: integer("signboard_version").notNull().default(1),
    signboardRotatedAt: timestamp("signboard_rotated_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("grids_code_key").on(t.code), index("grids_village_idx").on(t.villageId)],
);

/** 网格员 of a grid; the work phone is stored encrypted and printed masked. */
export const gridWorkers = pgTable(
  "grid_workers",
  {
    gridId: uuid("grid_id").notNull(),
    userId: uuid("user_id").notNull(),
    phoneCipher: text("phone_cipher"),
    phoneHash: text("phone_hash"),
    phoneMasked: text("phone_masked"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.gridId, t.userId] }), index("grid_workers_user_idx").on(t.userId)],
);

export const appealCategories = pgTable(
  "appeal_categories",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    code: text("code").notNull(),
    name: text("name").notNull(),
    scale: text("scale").$type<AppealScale>().notNull(),
    sort: integer("sort").notNull().default(0),
    nameEn: text("name_en"),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("appeal_categories_code_key").on(t.code)],
);

export const appealDeadlineRules = pgTable(
  "appeal_deadline_rules",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    categoryId: uuid("category_id"),
    scale: text("scale").$type<AppealScale>().notNull(),
    level: text("level").$type<HandlingLevel>(),
    stage: text("stage").$type<DeadlineStage>().notNull(),
    unit: text("unit").$type<DeadlineUnit>().notNull(),
    amount: numeric("amount").notNull(),
    yellowPercent: integer("yellow_percent").notNull().default(67),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("appeal_deadline_rules_key").on(
      sql`COALESCE(${t.categoryId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.scale,
      sql`COALESCE(${t.level}, '*')`,
      t.stage,
    ),
  ],
);

export const appeals = pgTable(
  "appeals",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    trackingCode: text("tracking_code").notNull(),
    gridId: uuid("grid_id"),
    path: text("path").notNull(),
    handlingUnitId: uuid("handling_unit_id").notNull(),
    handlingLevel: text("handling_level").$type<HandlingLevel>().notNull(),
    handlingPath: text("handling_path").notNull(),
    categoryId: uuid("category_id").notNull(),
    scale: text("scale").$type<AppealScale>().notNull(),
    status: text("status").$type<AppealStatus>().notNull(),
    channel: text("channel").$type<AppealChannel>().notNull(),
    description: text("description").notNull(),
    locationText: text("location_text"),
    lng: doublePrecision("lng"),
    lat: doublePrecision("lat"),
    phoneCipher: text("phone_cipher"),
    phoneHash: text("phone_hash"),
    phoneMasked: text("phone_masked"),
    consentAt: timestamp("consent_at", { withTimezone: true }),
    filedBy: uuid("filed_by"),
    idempotencyKey: text("idempotency_key"),
    stage: text("stage").$type<DeadlineStage>(),
    dueAt: timestamp("due_at", { withTimezone: true }),
    warning: text("warning").$type<WarningLevel>(),
    escalations: integer("escalations").notNull().default(0),
    reopens: integer("reopens").notNull().default(0),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    resolution: text("resolution"),
    rejectReason: text("reject_reason"),
    satisfaction: integer("satisfaction"),
    feedback: text("feedback"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("appeals_tracking_code_key").on(t.trackingCode),
    uniqueIndex("appeals_idempotency_key").on(t.idempotencyKey),
    index("appeals_path_idx").using("btree", sql`${t.path} text_pattern_ops`, t.createdAt),
    index("appeals_handling_idx").on(t.handlingUnitId, t.status),
    index("appeals_grid_created_idx").on(t.gridId, t.createdAt),
    index("appeals_due_idx").on(t.dueAt).where(sql`${t.status} NOT IN ('resolved', 'closed', 'rejected')`),
  ],
);

export const appealAttachments = pgTable(
  "appeal_attachments",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    appealId: uuid("appeal_id").notNull(),
    kind: text("kind").$type<"photo" | "voice">().notNull(),
    fileKey: text("file_key").notNull(),
    mimeType: text("mime_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    keepsLocation: boolean("keeps_location").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("appeal_attachments_appeal_idx").on(t.appealId)],
);

export const appealExtensions = pgTable(
  "appeal_extensions",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    appealId: uuid("appeal_id").notNull(),
    requestedBy: uuid("requested_by").notNull(),
    workingDays: integer("working_days").notNull(),
    reason: text("reason").notNull(),
    status: text("status").$type<"pending" | "approved" | "denied">().notNull(),
    decidedBy: uuid("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("appeal_extensions_appeal_idx").on(t.appealId),
    uniqueIndex("appeal_extensions_pending_key").on(t.appealId).where(sql`${t.status} = 'pending'`),
  ],
);

export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    userId: uuid("user_id").notNull(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    entityType: text("entity_type"),
    entityId: uuid("entity_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.createdAt),
    index("notifications_unread_idx").on(t.userId).where(sql`${t.readAt} IS NULL`),
  ],
);

export const notifierConfigs = pgTable(
  "notifier_configs",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    orgUnitId: uuid("org_unit_id").notNull(),
    kind: text("kind").$type<NotifierKind>().notNull(),
    name: text("name").notNull(),
    urlCipher: text("url_cipher").notNull(),
    secretCipher: text("secret_cipher"),
    perMinute: integer("per_minute").notNull().default(20),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("notifier_configs_unit_idx").on(t.orgUnitId)],
);

export const notificationOutbox = pgTable(
  "notification_outbox",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    configId: uuid("config_id").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    status: text("status").$type<"pending" | "sent" | "failed">().notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("notification_outbox_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("notification_outbox_sent_idx").on(t.configId, t.sentAt),
  ],
);
