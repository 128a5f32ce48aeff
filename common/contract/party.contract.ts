import { z } from "zod";
import { endpoint } from "./endpoint.js";
import { idParam, paging } from "./shared.js";
import { COMPLIANCE_LEVELS, MEETING_TYPES, PARTY_ORG_KINDS } from "../party.js";

/** YYYY-MM-DD (a business date in China); the services check that it exists. */
export const isoDate = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "party.date" });
export const partyOrgKind = z.enum(PARTY_ORG_KINDS, { message: "party.badKind" });
export const meetingType = z.enum(MEETING_TYPES, { message: "meeting.badType" });
export const yearQuery = z.coerce.number().int().min(2000).max(2100);

export const partyOrgView = z.object({
  id: z.uuid(),
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  divisionCode: z.string().nullable(),
  kind: partyOrgKind,
  name: z.string(),
  parentId: z.uuid().nullable(),
  parentName: z.string().nullable(),
  secretaryId: z.uuid().nullable(),
  secretaryName: z.string().nullable(),
  foundedOn: z.string().nullable(),
  termStart: z.string().nullable(),
  termEnd: z.string().nullable(),
  memberCount: z.number().int(),
  probationaryCount: z.number().int(),
  mobileCount: z.number().int(),
  abilities: z.object({ manage: z.boolean(), unmask: z.boolean() }),
});
export type PartyOrgView = z.infer<typeof partyOrgView>;

export const partyOrgDetail = partyOrgView.extend({
  children: z.array(z.object({ id: z.uuid(), name: z.string(), kind: partyOrgKind, memberCount: z.number().int() })),
  /** The org unit's path names, city first, for the breadcrumb. */
  ancestors: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
export type PartyOrgDetail = z.infer<typeof partyOrgDetail>;

export const listPartyOrgs = endpoint({
  method: "GET",
  path: "/api/v1/party-orgs",
  summary: "Party organisations in the actor's scope (or under one org unit), with member counts",
  tags: ["party"],
  access: { permission: "party.read" },
  query: z.object({
    orgUnitId: z.uuid().optional(),
    q: z.string().trim().min(1).max(50).optional(),
    kind: partyOrgKind.optional(),
    ...paging,
  }),
  response: z.object({ items: z.array(partyOrgView), total: z.number().int() }),
});

export const getPartyOrg = endpoint({
  method: "GET",
  path: "/api/v1/party-orgs/:id",
  summary: "One party organisation with its children",
  tags: ["party"],
  access: { permission: "party.read" },
  params: idParam,
  response: partyOrgDetail,
});

const partyOrgFields = {
  kind: partyOrgKind,
  name: z.string().trim().min(2).max(60),
  parentPartyOrgId: z.uuid().nullable().optional(),
  foundedOn: isoDate.nullable().optional(),
  termStart: isoDate.nullable().optional(),
  termEnd: isoDate.nullable().optional(),
};

export const createPartyOrg = endpoint({
  method: "POST",
  path: "/api/v1/party-orgs",
  summary: "Create a party organisation attached to an org unit (a term defaults to 5 years)",
  tags: ["party"],
  access: { permission: "party.manage" },
  body: z.object({ orgUnitId: z.uuid(), ...partyOrgFields }).strict(),
  response: partyOrgDetail,
  status: 201,
});

export const updatePartyOrg = endpoint({
  method: "PATCH",
  path: "/api/v1/party-orgs/:id",
  summary: "Rename, re-parent, set the secretary or the committee term",
  tags: ["party"],
  access: { permission: "party.manage" },
  params: idParam,
  body: z
    .object({
      kind: partyOrgKind.optional(),
      name: partyOrgFields.name.optional(),
      parentPartyOrgId: partyOrgFields.parentPartyOrgId,
      secretaryId: z.uuid().nullable().optional(),
      foundedOn: partyOrgFields.foundedOn,
      termStart: partyOrgFields.termStart,
      termEnd: partyOrgFields.termEnd,
    })
    .strict(),
  response: partyOrgDetail,
});

export const complianceMonth = z.object({
  month: z.number().int(),
  held: z.record(meetingType, z.number().int()),
  expected: z.number().int(),
  met: z.number().int(),
  level: z.enum(COMPLIANCE_LEVELS),
});

export const complianceView = z.object({
  partyOrgId: z.uuid(),
  year: z.number().int(),
  applicable: z.boolean(),
  heldRate: z.number().nullable(),
  months: z.array(complianceMonth),
  types: z.array(
    z.object({
      type: meetingType,
      cadence: z.enum(["monthly", "quarterly", "yearly"]),
      held: z.number().int(),
      expected: z.number().int(),
      met: z.number().int(),
    }),
  ),
});
export type ComplianceView = z.infer<typeof complianceView>;

export const getCompliance = endpoint({
  method: "GET",
  path: "/api/v1/party-orgs/:id/compliance",
  summary: "Organisational life held against the regulations' cadence, by month (red/amber/green)",
  tags: ["party"],
  access: { permission: "party.read" },
  params: idParam,
  query: z.object({ year: yearQuery.optional() }),
  response: complianceView,
});

export const rosterEntry = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(["full", "probationary"]),
  mobileMember: z.boolean(),
});
export type RosterEntry = z.infer<typeof rosterEntry>;

export const getRoster = endpoint({
  method: "GET",
  path: "/api/v1/party-orgs/:id/roster",
  summary: "All current members of an organisation by name (for the attendance grid)",
  tags: ["party"],
  access: { permission: "party.read" },
  params: idParam,
  response: z.object({ items: z.array(rosterEntry) }),
});
