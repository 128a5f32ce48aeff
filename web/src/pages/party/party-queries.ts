import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { meetings, members, party } from "../../../../common/contract/index.js";
import { call } from "../../api/client.js";

/** Query keys of the party screens (prefixes so one invalidation refreshes a whole area). */
export const partyKeys = {
  orgs: (filter: object) => ["party-orgs", filter] as const,
  org: (id: string) => ["party-org", id] as const,
  compliance: (id: string, year: number) => ["party-org", id, "compliance", year] as const,
  roster: (id: string) => ["party-org", id, "roster"] as const,
  members: (filter: object) => ["members", filter] as const,
  member: (id: string) => ["member", id] as const,
  memberAttendance: (id: string, year: number) => ["member", id, "attendance", year] as const,
  meetings: (filter: object) => ["meetings", filter] as const,
  meeting: (id: string) => ["meeting", id] as const,
  job: (id: string) => ["job", id] as const,
};

export function usePartyOrg(id: string | undefined) {
  return useQuery({ queryKey: partyKeys.org(id ?? ""), queryFn: () => call(party.getPartyOrg, { params: { id: id ?? "" } }), enabled: !!id });
}

export function usePartyOrgs(filter: { orgUnitId?: string; q?: string; page: number; pageSize: number }, enabled = true) {
  return useQuery({
    queryKey: partyKeys.orgs(filter),
    queryFn: () => call(party.listPartyOrgs, { query: filter }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useMembers(filter: { partyOrgId?: string; q?: string; page: number; pageSize: number }) {
  return useQuery({ queryKey: partyKeys.members(filter), queryFn: () => call(members.listMembers, { query: filter }), placeholderData: keepPreviousData });
}

export function useMember(id: string | undefined) {
  return useQuery({ queryKey: partyKeys.member(id ?? ""), queryFn: () => call(members.getMember, { params: { id: id ?? "" } }), enabled: !!id });
}

export function useMeetings(filter: { partyOrgId: string; year: number; page: number; pageSize: number }) {
  return useQuery({ queryKey: partyKeys.meetings(filter), queryFn: () => call(meetings.listMeetings, { query: filter }), placeholderData: keepPreviousData });
}

export function useRoster(partyOrgId: string | undefined) {
  return useQuery({ queryKey: partyKeys.roster(partyOrgId ?? ""), queryFn: () => call(party.getRoster, { params: { id: partyOrgId ?? "" } }), enabled: !!partyOrgId });
}

/** This year in China (business time), for the default of year pickers. */
export function thisYear(): number {
  return Number(new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));
}

export function today(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
}
