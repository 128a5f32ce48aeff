import { sql } from "drizzle-orm";
import type { TimerBasisRule } from "../../workflow/timer-basis.js";
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const workflowHistory = pgTable(
  "workflow_history",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workflow: text("workflow").notNull(),
    entityId: uuid("entity_id").notNull(),
    fromState: text("from_state").notNull(),
    toState: text("to_state").notNull(),
    event: text("event").notNull(),
    actorId: uuid("actor_id"),
    actorName: text("actor_name").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    note: text("note"),
    data: jsonb("data"),
  },
  (t) => [index("workflow_history_entity_idx").on(t.workflow, t.entityId, t.id)],
);

export const workflowTimers = pgTable(
  "workflow_timers",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    workflow: text("workflow").notNull(),
    entityId: uuid("entity_id").notNull(),
    state: text("state").notNull(),
    kind: text("kind").$type<"event" | "notify">().notNull(),
    event: text("event"),
    level: text("level"),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    firedAt: timestamp("fired_at", { withTimezone: true }),
    outcome: text("outcome"),
    /** What the timer was computed from (migration 0041): recomputed when the calendar changes. */
    basisStart: timestamp("basis_start", { withTimezone: true }),
    basisEnd: timestamp("basis_end", { withTimezone: true }),
    basisRule: jsonb("basis_rule").$type<TimerBasisRule>(),
  },
  (t) => [
    index("workflow_timers_due_idx").on(t.dueAt).where(sql`${t.firedAt} IS NULL`),
    index("workflow_timers_basis_idx").on(t.basisEnd).where(sql`${t.firedAt} IS NULL AND ${t.basisRule} IS NOT NULL`),
    index("workflow_timers_entity_idx").on(t.workflow, t.entityId),
  ],
);
