import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { OrgLevel } from "../../../common/roles.js";
import type { OrgKind } from "../../../common/contract/org.contract.js";

/** city → district → town → village → grid; `path` is `/id/id/…/` so a subtree is one prefix scan. */
export const orgUnits = pgTable(
  "org_units",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    parentId: uuid("parent_id"),
    level: text("level").$type<OrgLevel>().notNull(),
    kind: text("kind").$type<OrgKind>().notNull(),
    divisionCode: text("division_code"),
    /** Display name (大溪坝村); the official one keeps the register's suffix (大溪坝村委会). */
    name: text("name").notNull(),
    officialName: text("official_name").notNull(),
    path: text("path").notNull(),
    depth: integer("depth").notNull(),
    agricultural: boolean("agricultural").notNull(),
    agriculturalSetByUser: boolean("agricultural_set_by_user").notNull().default(false),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("org_units_division_code_key").on(t.divisionCode),
    index("org_units_parent_idx").on(t.parentId),
    index("org_units_path_idx").using("btree", sql`${t.path} text_pattern_ops`),
    index("org_units_level_idx").on(t.level),
  ],
);

/** Government departments a town or district can "whistle" (吹哨). */
export const departments = pgTable(
  "departments",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    orgUnitId: uuid("org_unit_id").notNull(),
    name: text("name").notNull(),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("departments_org_unit_name_key").on(t.orgUnitId, t.name)],
);
