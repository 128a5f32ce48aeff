import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export type JobStatus = "running" | "succeeded" | "failed";

/** A long-running job (an import): progress is committed every N rows for polling. */
export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    kind: text("kind").notNull(),
    status: text("status").$type<JobStatus>().notNull(),
    actorId: uuid("actor_id"),
    orgPath: text("org_path"),
    phase: text("phase").notNull().default("queued"),
    done: integer("done").notNull().default(0),
    total: integer("total"),
    result: jsonb("result"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("jobs_actor_idx").on(t.actorId, t.createdAt)],
);
