import type { Actor } from "../../platform/actor.js";
import type { RosterEntry } from "../../../common/contract/party.contract.js";
import { loadPartyOrg, type PartyDeps } from "./party-orgs.service.js";
import { loadMember } from "./members.service.js";
import { rosterOf } from "./members.repo.js";
import { STATUS_BY_CODE, attendanceOfMember } from "./meetings.repo.js";
import { businessToday } from "./meetings.service.js";

/** All current members of an organisation by name: the rows of the attendance grid. */
export async function getRoster(deps: PartyDeps, actor: Actor, partyOrgId: string): Promise<{ items: RosterEntry[] }> {
  const org = await loadPartyOrg(deps.db, actor, partyOrgId);
  return { items: await rosterOf(deps.db, org.id) };
}

/** A member's entries on the attendance sheets of one year (default: this year), with totals. */
export async function getMemberAttendance(deps: PartyDeps & { timeZone: string }, actor: Actor, memberId: string, year?: number) {
  const m = await loadMember(deps.db, actor, memberId);
  const y = year ?? Number(businessToday(deps.clock, deps.timeZone).slice(0, 4));
  const rows = await attendanceOfMember(deps.db, m.id, y);
  const items = rows.map((r) => ({
    meetingId: r.meetingId,
    partyOrgName: r.partyOrgName,
    type: r.type,
    heldOn: r.heldOn,
    topic: r.topic,
    status: STATUS_BY_CODE[r.code] ?? "absent",
    reason: r.reason,
  }));
  const totals = { present: 0, excused: 0, absent: 0 };
  for (const i of items) totals[i.status] += 1;
  return { year: y, items, totals };
}
