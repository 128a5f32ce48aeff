import { sql } from "drizzle-orm";
import { boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { IdType } from "../../../common/idcard.js";
import type { Education, MeetingType, MemberGender, MemberStatus, PartyOrgKind } from "../../../common/party.js";

/** 党委 / 党总支 / 党支部 attached to an org unit; scope follows the unit's path. */
export const partyOrgs = pgTable(
  "party_orgs",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    orgUnitId: uuid("org_unit_id").notNull(),
    parentId: uuid("parent_id"),
    kind: text("kind").$type<PartyOrgKind>().notNull(),
    name: text("name").notNull(),
    secretaryId: uuid("secretary_id"),
    foundedOn: date("founded_on", { mode: "string" }),
    termStart: date("term_start", { mode: "string" }),
    termEnd: date("term_end", { mode: "string" }),
    dissolvedAt: timestamp("dissolved_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("party_orgs_org_unit_idx").on(t.orgUnitId),
    index("party_orgs_parent_idx").on(t.parentId),
    uniqueIndex("party_orgs_unit_name_key").on(t.orgUnitId, t.name),
  ],
);

/** A party member. ID number and phone: ciphertext + keyed hash + masked display form only. */
export const members = pgTable(
  "members",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    partyOrgId: uuid("party_org_id").notNull(),
    name: text("name").notNull(),
    gender: text("gender").$type<MemberGender>().notNull(),
    birthDate: date("birth_date", { mode: "string" }).notNull(),
    idType: text("id_type").$type<IdType>().notNull(),
    idNumberCipher: text("id_number_cipher"),
    idNumberHash: text("id_number_hash"),
    idMasked: text("id_masked"),
    phoneCipher: text("phone_cipher"),
    phoneHash: text("phone_hash"),
    phoneMasked: text("phone_masked"),
    education: text("education").$type<Education>(),
    joinedOn: date("joined_on", { mode: "string" }).notNull(),
    status: text("status").$type<MemberStatus>().notNull(),
    probationEndsOn: date("probation_ends_on", { mode: "string" }),
    mobileMember: boolean("mobile_member").notNull().default(false),
    mobileWorkplace: text("mobile_workplace"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("members_party_org_idx").on(t.partyOrgId, t.name),
    uniqueIndex("members_id_number_hash_key").on(t.idNumberHash),
    index("members_phone_hash_idx").on(t.phoneHash),
  ],
);

/** 组织关系转接 history; the member row holds the current organisation. */
export const memberTransfers = pgTable(
  "member_transfers",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    memberId: uuid("member_id").notNull(),
    fromPartyOrgId: uuid("from_party_org_id").notNull(),
    toPartyOrgId: uuid("to_party_org_id").notNull(),
    transferredOn: date("transferred_on", { mode: "string" }).notNull(),
    reason: text("reason").notNull(),
    actorId: uuid("actor_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("member_transfers_member_idx").on(t.memberId, t.transferredOn)],
);

/** The sorted member ids expected at a meeting, shared by every meeting with the same set. */
export const attendanceRosters = pgTable(
  "attendance_rosters",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    digest: text("digest").notNull(),
    memberIds: uuid("member_ids").array().notNull(),
  },
  (t) => [uniqueIndex("attendance_rosters_digest_key").on(t.digest)],
);

/** One meeting of organisational life; `attendance` has one P/E/A per roster position. */
export const meetings = pgTable(
  "meetings",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    partyOrgId: uuid("party_org_id").notNull(),
    type: text("type").$type<MeetingType>().notNull(),
    heldOn: date("held_on", { mode: "string" }).notNull(),
    topic: text("topic").notNull(),
    minutes: text("minutes").notNull().default(""),
    rosterId: uuid("roster_id"),
    attendance: text("attendance"),
    excuseReasons: text("excuse_reasons").array().$type<(string | null)[]>(),
    presentCount: integer("present_count").notNull().default(0),
    excusedCount: integer("excused_count").notNull().default(0),
    absentCount: integer("absent_count").notNull().default(0),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("meetings_party_org_idx").on(t.partyOrgId, t.heldOn), index("meetings_roster_idx").on(t.rosterId)],
);

export const meetingAttachments = pgTable(
  "meeting_attachments",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    meetingId: uuid("meeting_id").notNull(),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    storageKey: text("storage_key").notNull(),
    sha256: text("sha256").notNull(),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("meeting_attachments_meeting_idx").on(t.meetingId)],
);
