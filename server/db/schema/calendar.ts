import { date, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Official calendar days entered by the city (migration 0039): they win over chinese-days. */
export const officialCalendarDays = pgTable("official_calendar_days", {
    date: date("date", { mode: "string" }).primaryKey(),
    /** `holiday` = rest day; `workday` = 调休 make-up working day on a weekend. */
    kind: text("kind", { enum: ["holiday", "workday"] }).notNull(),
    name: text("name").notNull(),
    /** Where the day comes from, e.g. 国办发明电〔2026〕N号. */
    sourceNote: text("source_note"),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedBy: uuid("updated_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

/** Years the city marked complete (entered and checked): they count as covered. */
export const officialCalendarYears = pgTable("official_calendar_years", {
  year: integer("year").primaryKey(),
  note: text("note"),
  completedBy: uuid("completed_by"),
  completedAt: timestamp("completed_at", { withTimezone: true }).notNull(),
});
