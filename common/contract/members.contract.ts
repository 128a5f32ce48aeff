import { z } from "zod";
import { endpoint } from "./endpoint.js";
import { idParam, paging, queryBoolean } from "./shared.js";
import { isoDate, meetingType, yearQuery } from "./party.contract.js";
import { ID_TYPES } from "../idcard.js";
import { ATTENDANCE_STATUSES, EDUCATION_LEVELS, GENDERS, MEMBER_STATUSES } from "../party.js";

export const memberStatus = z.enum(MEMBER_STATUSES, { message: "member.badStatus" });
export const attendanceStatus = z.enum(ATTENDANCE_STATUSES, { message: "meeting.badStatus" });

/**
 * A member as the API shows it: ID number and phone only masked (`3405**********001X`,
 * `138****1234`); the full values need `member.unmask`, a reason and leave an audit record.
 */
export const memberSummary = z.object({
  id: z.uuid(),
  partyOrgId: z.uuid(),
  partyOrgName: z.string(),
  name: z.string(),
  gender: z.enum(GENDERS),
  birthDate: z.string(),
  idType: z.enum(ID_TYPES),
  idMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  education: z.enum(EDUCATION_LEVELS).nullable(),
  joinedOn: z.string(),
  status: memberStatus,
  probationEndsOn: z.string().nullable(),
  mobileMember: z.boolean(),
  mobileWorkplace: z.string().nullable(),
});
export type MemberSummary = z.infer<typeof memberSummary>;

export const transferView = z.object({
  id: z.uuid(),
  fromPartyOrgId: z.uuid(),
  fromPartyOrgName: z.string(),
  toPartyOrgId: z.uuid(),
  toPartyOrgName: z.string(),
  transferredOn: z.string(),
  reason: z.string(),
});

export const memberView = memberSummary.extend({
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  transfers: z.array(transferView),
  createdAt: z.string(),
  updatedAt: z.string(),
  abilities: z.object({ manage: z.boolean(), unmask: z.boolean() }),
});
export type MemberView = z.infer<typeof memberView>;

export const listMembers = endpoint({
  method: "GET",
  path: "/api/v1/members",
  summary: "Members in scope (masked); q matches a name, or a full ID number or mobile phone by its keyed hash",
  tags: ["members"],
  access: { permission: "party.read" },
  query: z.object({
    partyOrgId: z.uuid().optional(),
    orgUnitId: z.uuid().optional(),
    q: z.string().trim().min(1).max(50).optional(),
    status: memberStatus.optional(),
    mobileMember: queryBoolean.optional(),
    ...paging,
  }),
  response: z.object({ items: z.array(memberSummary), total: z.number().int() }),
});

export const getMember = endpoint({
  method: "GET",
  path: "/api/v1/members/:id",
  summary: "One member's record (masked) with the transfer history",
  tags: ["members"],
  access: { permission: "party.read" },
  params: idParam,
  response: memberView,
});

/** Typed as text and checked by common/member-rules.ts, so forms and imports share the messages. */
export const memberInput = z.object({
  name: z.string().max(100),
  gender: z.enum(GENDERS, { message: "member.badGender" }).optional(),
  birthDate: isoDate.optional(),
  idType: z.enum(ID_TYPES, { message: "member.badIdType" }).default("prcId"),
  idNumber: z.string().max(40),
  phone: z.string().max(30).nullable().optional(),
  education: z.enum(EDUCATION_LEVELS, { message: "member.badEducation" }).nullable().optional(),
  joinedOn: isoDate,
  status: memberStatus.default("full"),
  probationEndsOn: isoDate.nullable().optional(),
  mobileMember: z.boolean().default(false),
  mobileWorkplace: z.string().max(200).nullable().optional(),
});
export type MemberInput = z.infer<typeof memberInput>;

export const createMember = endpoint({
  method: "POST",
  path: "/api/v1/members",
  summary: "Register a member in a party organisation (the ID number must be new to the city)",
  tags: ["members"],
  access: { permission: "party.manage" },
  body: memberInput.extend({ partyOrgId: z.uuid() }).strict(),
  response: memberView,
  status: 201,
});

export const updateMember = endpoint({
  method: "PATCH",
  path: "/api/v1/members/:id",
  summary: "Correct a member's record; an absent idNumber or phone keeps the stored one",
  tags: ["members"],
  access: { permission: "party.manage" },
  params: idParam,
  body: memberInput
    .extend({ idType: memberInput.shape.idType.unwrap(), status: memberStatus, mobileMember: z.boolean() })
    .partial()
    .strict(),
  response: memberView,
});

export const unmaskMember = endpoint({
  method: "POST",
  path: "/api/v1/members/:id/unmask",
  summary: "Show the full ID number and phone; needs a reason and writes an audit record (never the values)",
  tags: ["members"],
  access: { permission: "member.unmask" },
  params: idParam,
  body: z.object({ reason: z.string().trim().min(2).max(200) }).strict(),
  response: z.object({ idNumber: z.string().nullable(), phone: z.string().nullable() }),
});

export const transferMember = endpoint({
  method: "POST",
  path: "/api/v1/members/:id/transfer",
  summary: "Move a member to another party organisation (组织关系转接); the history is kept",
  tags: ["members"],
  access: { permission: "party.manage" },
  params: idParam,
  body: z.object({ toPartyOrgId: z.uuid(), transferredOn: isoDate, reason: z.string().trim().min(2).max(200) }).strict(),
  response: memberView,
});

export const memberAttendanceItem = z.object({
  meetingId: z.uuid(),
  partyOrgName: z.string(),
  type: meetingType,
  heldOn: z.string(),
  topic: z.string(),
  status: attendanceStatus,
  reason: z.string().nullable(),
});

export const getMemberAttendance = endpoint({
  method: "GET",
  path: "/api/v1/members/:id/attendance",
  summary: "The member's attendance at organisational life in one year, newest first",
  tags: ["members"],
  access: { permission: "party.read" },
  params: idParam,
  query: z.object({ year: yearQuery.optional() }),
  response: z.object({
    year: z.number().int(),
    items: z.array(memberAttendanceItem),
    totals: z.object({ present: z.number().int(), excused: z.number().int(), absent: z.number().int() }),
  }),
});
