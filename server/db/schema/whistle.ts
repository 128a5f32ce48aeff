import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { SummonsStatus, WhistleKind, WhistleStatus } from "../../../common/whistle.js";
import type { TimerBasisRule } from "../../workflow/timer-basis.js";

/** 吹哨: a town summons departments to an appeal or a standalone problem. */
export const whistles = pgTable(
  "whistles",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    townId: uuid("town_id").notNull(),
    path: text("path").notNull(),
    appealId: uuid("appeal_id"),
    kind: text("kind").$type<WhistleKind>().notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    status: text("status").$type<WhistleStatus>().notNull(),
    blownBy: uuid("blown_by"),
    doneDueAt: timestamp("done_due_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [index("whistles_path_idx").using("btree", sql`${t.path} text_pattern_ops`, t.createdAt), index("whistles_appeal_idx").on(t.appealId)],
);

/** 报到: one summoned department of a whistle, with its own workflow. */
export const whistleSummons = pgTable(
  "whistle_summons",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    whistleId: uuid("whistle_id").notNull(),
    departmentId: uuid("department_id").notNull(),
    path: text("path").notNull(),
    lead: boolean("lead").notNull().default(false),
    status: text("status").$type<SummonsStatus>().notNull(),
    checkInDueAt: timestamp("check_in_due_at", { withTimezone: true }).notNull(),
    doneDueAt: timestamp("done_due_at", { withTimezone: true }).notNull(),
    /** The rules the default deadlines were computed with (migration 0041); null: set by the town. */
    checkInRule: jsonb("check_in_rule").$type<TimerBasisRule>(),
    doneRule: jsonb("done_rule").$type<TimerBasisRule>(),
    checkedInAt: timestamp("checked_in_at", { withTimezone: true }),
    checkedInBy: uuid("checked_in_by"),
    reportedAt: timestamp("reported_at", { withTimezone: true }),
    reportedBy: uuid("reported_by"),
    report: text("report"),
    rating: integer("rating"),
    ratingComment: text("rating_comment"),
    ratedAt: timestamp("rated_at", { withTimezone: true }),
    ratedBy: uuid("rated_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("whistle_summons_department_key").on(t.whistleId, t.departmentId),
    uniqueIndex("whistle_summons_lead_key").on(t.whistleId).where(sql`${t.lead}`),
    index("whistle_summons_department_idx").on(t.departmentId, t.createdAt),
  ],
);

/** Departments a town's 紧急 appeals summon automatically. */
export const whistleAutoDepartments = pgTable(
  "whistle_auto_departments",
  {
    townId: uuid("town_id").notNull(),
    departmentId: uuid("department_id").notNull(),
    lead: boolean("lead").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.townId, t.departmentId] })],
);

/** Open311 API keys: only a keyed hash is stored; scoped to an org unit. */
export const open311Keys = pgTable(
  "open311_keys",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    orgUnitId: uuid("org_unit_id").notNull(),
    name: text("name").notNull(),
    keyHash: text("key_hash").notNull(),
    keyPrefix: text("key_prefix").notNull(),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("open311_keys_hash_key").on(t.keyHash), index("open311_keys_unit_idx").on(t.orgUnitId)],
);
