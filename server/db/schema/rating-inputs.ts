import { sql } from "drizzle-orm";
import { index, integer, numeric, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** A file backing one indicator of a village's self-assessment (bytes in the FileStore). */
export const ratingEvidenceFiles = pgTable(
  "rating_evidence_files",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    assessmentId: uuid("assessment_id").notNull(),
    indicator: text("indicator").notNull(),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    storageKey: text("storage_key").notNull(),
    sha256: text("sha256").notNull(),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("rating_evidence_files_assessment_idx").on(t.assessmentId, t.indicator)],
);

/** The branch's score of a member for a manual member-star indicator in a year. */
export const memberBranchScores = pgTable(
  "member_branch_scores",
  {
    memberId: uuid("member_id").notNull(),
    year: integer("year").notNull(),
    indicator: text("indicator").notNull(),
    score: numeric("score", { mode: "number" }).notNull(),
    setBy: uuid("set_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.year, t.indicator] })],
);
