import { sql } from "drizzle-orm";
import { bigint, boolean, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { AssessmentStatus, LedgerKind, ReviewGrade } from "../../../common/rating.js";

/** Versioned rating schemes; `body` is the engine's Scheme JSON. Published rows are frozen. */
export const ratingSchemes = pgTable(
  "rating_schemes",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    code: text("code").notNull(),
    version: integer("version").notNull(),
    programme: text("programme").notNull(),
    year: integer("year").notNull(),
    issuingUnitId: uuid("issuing_unit_id").notNull(),
    subjectLevel: text("subject_level").notNull(),
    status: text("status").$type<"draft" | "published" | "archived">().notNull(),
    name: text("name").notNull(),
    body: jsonb("body").notNull(),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("rating_schemes_version_key").on(t.issuingUnitId, t.code, t.year, t.version),
    index("rating_schemes_programme_idx").on(t.programme, t.year),
  ],
);

/** 差异化考核: a village's category for one year. */
export const villageCategories = pgTable(
  "village_categories",
  {
    year: integer("year").notNull(),
    orgUnitId: uuid("org_unit_id").notNull(),
    category: text("category").notNull(),
    suggested: text("suggested"),
    setBy: uuid("set_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.orgUnitId] })],
);

/** A village's yearly assessment under one scheme, with its workflow state. */
export const ratingAssessments = pgTable(
  "rating_assessments",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    schemeId: uuid("scheme_id").notNull(),
    orgUnitId: uuid("org_unit_id").notNull(),
    path: text("path").notNull(),
    status: text("status").$type<AssessmentStatus>().notNull(),
    manualScores: jsonb("manual_scores").$type<Record<string, Record<string, number>>>().notNull().default({}),
    vetoHits: text("veto_hits").array().notNull().default(sql`'{}'`),
    evidence: jsonb("evidence").$type<Record<string, string[]>>().notNull().default({}),
    selfNote: text("self_note"),
    townNote: text("town_note"),
    districtNote: text("district_note"),
    publicityEndsAt: timestamp("publicity_ends_at", { withTimezone: true }),
    objectionReason: text("objection_reason"),
    objectedAt: timestamp("objected_at", { withTimezone: true }),
    objectionAnswer: text("objection_answer"),
    objectionUpheld: boolean("objection_upheld"),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    finalisedAt: timestamp("finalised_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("rating_assessments_subject_key").on(t.schemeId, t.orgUnitId),
    index("rating_assessments_path_idx").using("btree", sql`${t.path} text_pattern_ops`),
    index("rating_assessments_status_idx").on(t.schemeId, t.status),
  ],
);

/** A computed result with the engine's full ScoreResult as its breakdown. */
export const ratingResults = pgTable(
  "rating_results",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    schemeId: uuid("scheme_id").notNull(),
    programme: text("programme").notNull(),
    year: integer("year").notNull(),
    subjectKind: text("subject_kind").$type<"orgUnit" | "member">().notNull(),
    subjectId: uuid("subject_id").notNull(),
    path: text("path").notNull(),
    category: text("category"),
    total: numeric("total", { mode: "number" }).notNull(),
    grade: text("grade"),
    stars: integer("stars"),
    rankInCategory: integer("rank_in_category"),
    complete: boolean("complete").notNull(),
    provisional: boolean("provisional").notNull(),
    breakdown: jsonb("breakdown").notNull(),
    /** What the result says, hashed (resultDigest): a re-rating rewrites only rows whose digest changed. */
    digest: text("digest"),
    jobId: uuid("job_id"),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("rating_results_subject_key").on(t.schemeId, t.subjectId),
    index("rating_results_year_idx").on(t.programme, t.year, t.subjectKind),
    index("rating_results_path_idx").using("btree", sql`${t.path} text_pattern_ops`),
    index("rating_results_subject_idx").on(t.subjectId, t.programme, t.year),
  ],
);

/** Member star events organisational life does not record. */
export const memberStarLedger = pgTable(
  "member_star_ledger",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    memberId: uuid("member_id").notNull(),
    year: integer("year").notNull(),
    kind: text("kind").$type<LedgerKind>().notNull(),
    quantity: numeric("quantity", { mode: "number" }).notNull(),
    occurredOn: date("occurred_on", { mode: "string" }).notNull(),
    note: text("note").notNull().default(""),
    evidence: jsonb("evidence").$type<string[]>().notNull().default([]),
    recordedBy: uuid("recorded_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("member_star_ledger_member_idx").on(t.memberId, t.year), index("member_star_ledger_year_idx").on(t.year, t.kind)],
);

/** 民主评议 grade per member and year. */
export const memberReviewGrades = pgTable(
  "member_review_grades",
  {
    memberId: uuid("member_id").notNull(),
    year: integer("year").notNull(),
    grade: text("grade").$type<ReviewGrade>().notNull(),
    setBy: uuid("set_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.year] })],
);

export const allocationPlans = pgTable(
  "allocation_plans",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    name: text("name").notNull(),
    year: integer("year").notNull(),
    schemeId: uuid("scheme_id").notNull(),
    orgUnitId: uuid("org_unit_id").notNull(),
    path: text("path").notNull(),
    status: text("status").$type<"draft" | "approved">().notNull(),
    poolFen: bigint("pool_fen", { mode: "number" }).notNull(),
    params: jsonb("params").notNull(),
    createdBy: uuid("created_by"),
    approvedBy: uuid("approved_by"),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("allocation_plans_path_idx").using("btree", sql`${t.path} text_pattern_ops`)],
);

export const allocationLines = pgTable(
  "allocation_lines",
  {
    planId: uuid("plan_id").notNull(),
    orgUnitId: uuid("org_unit_id").notNull(),
    grade: text("grade"),
    stars: integer("stars"),
    total: numeric("total", { mode: "number" }),
    category: text("category"),
    rectify: boolean("rectify").notNull(),
    priority: text("priority").notNull(),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    earmarkFen: bigint("earmark_fen", { mode: "number" }).notNull(),
    explanation: jsonb("explanation").notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.orgUnitId] })],
);

/** The member record a `member` account is. */
export const memberAccounts = pgTable(
  "member_accounts",
  {
    userId: uuid("user_id").primaryKey(),
    memberId: uuid("member_id").notNull(),
  },
  (t) => [uniqueIndex("member_accounts_member_key").on(t.memberId)],
);
