import { doublePrecision, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** The residents' per-device intake limit: one token bucket per device key (migration 0038). */
export const intakeBuckets = pgTable(
  "intake_buckets",
  {
    key: text("key").primaryKey(),
    tokens: doublePrecision("tokens").notNull(),
    /** How many reports of the bucket's last take were let through. */
    taken: integer("taken").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("intake_buckets_updated_idx").on(t.updatedAt)],
);
