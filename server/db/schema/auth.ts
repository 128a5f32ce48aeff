import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Role } from "../../../common/roles.js";

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    failedLogins: integer("failed_logins").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_username_key").on(t.username)],
);

/** A role held over the subtree of one org unit (and, for department staff, one department). */
export const roleGrants = pgTable(
  "role_grants",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    userId: uuid("user_id").notNull(),
    role: text("role").$type<Role>().notNull(),
    orgUnitId: uuid("org_unit_id").notNull(),
    departmentId: uuid("department_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("role_grants_user_idx").on(t.userId),
    index("role_grants_org_unit_idx").on(t.orgUnitId),
    uniqueIndex("role_grants_user_role_scope_key").on(t.userId, t.role, t.orgUnitId),
  ],
);

/** Sessions live in the database so several app processes can serve one city. */
export const sessions = pgTable(
  "sessions",
  {
    /** sha256 of the cookie token: a leaked table does not yield usable cookies. */
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id").notNull(),
    csrfToken: text("csrf_token").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);
