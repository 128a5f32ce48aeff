import { describe, expect, it } from "vitest";
import { SUMMONS_EVENTS, SUMMONS_STATUSES, type SummonsEvent, type SummonsStatus } from "../../../../common/whistle.js";
import type { Role } from "../../../../common/roles.js";
import { systemActor, type Actor } from "../../../platform/actor.js";
import { allPairs, decide } from "../../../workflow/machine.js";
import { SUMMONS_TRANSITIONS, summonsTimers, type SummonsEntity, type SummonsInput } from "./summons-machine.js";

const NOW = new Date("2026-03-02T02:00:00Z");
const TOWN = "/c/d/t/";
const DEPT = "00000000-0000-4000-8000-0000000000d1";

function entity(status: SummonsStatus): SummonsEntity {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    status,
    path: TOWN,
    whistleId: "w",
    townId: "t",
    kind: "emergency",
    title: "塌方",
    departmentId: DEPT,
    departmentName: "水务所",
    departmentUnitId: "t",
    lead: true,
    createdAt: NOW,
    checkInDueAt: new Date(NOW.getTime() + 30 * 60_000),
    doneDueAt: new Date(NOW.getTime() + 120 * 60_000),
  };
}

function user(role: Role, departmentId: string | null = null, scopePath = TOWN): Actor {
  return {
    kind: "user",
    userId: "u",
    username: role,
    displayName: role,
    grants: [{ id: "g", role, orgUnitId: "x", scopePath, scopeLevel: "town", scopeName: "", divisionCode: null, departmentId }],
  };
}

const input: SummonsInput = { note: "到场处置完毕", data: { rating: 5, reason: "已由他部门处理" } };
const DEPARTMENT = user("departmentStaff", DEPT);
const OTHER_DEPARTMENT = user("departmentStaff", "00000000-0000-4000-8000-0000000000d2");
const TOWN_ADMIN = user("townAdmin");
const SYSTEM = systemActor("sweeper");

/** Expected table: (state, event) → next state and who fires it (D department, T town, S system only). */
const LEGAL: Record<string, { to: SummonsStatus; by: "D" | "T" | "S" }> = {
  "summoned:checkIn": { to: "checkedIn", by: "D" },
  "overdue:checkIn": { to: "checkedIn", by: "D" },
  "summoned:miss": { to: "overdue", by: "S" },
  "checkedIn:report": { to: "reported", by: "D" },
  "reported:rate": { to: "rated", by: "T" },
  "summoned:cancel": { to: "cancelled", by: "T" },
  "overdue:cancel": { to: "cancelled", by: "T" },
  "checkedIn:cancel": { to: "cancelled", by: "T" },
};

describe("the summons transition table", () => {
  it.each(allPairs<SummonsStatus, SummonsEvent>(SUMMONS_STATUSES, SUMMONS_EVENTS))("%s × %s", (state, event) => {
    const legal = LEGAL[`${state}:${event}`];
    const d = (a: Actor) => decide(SUMMONS_TRANSITIONS, entity(state), event, a, input, NOW);
    if (!legal) {
      for (const a of [DEPARTMENT, TOWN_ADMIN, SYSTEM]) expect(d(a)).toMatchObject({ ok: false, code: "INVALID_TRANSITION" });
      return;
    }
    expect(d(SYSTEM)).toMatchObject({ ok: true, transition: { to: legal.to } });
    expect(d(DEPARTMENT).ok).toBe(legal.by === "D");
    expect(d(TOWN_ADMIN).ok).toBe(legal.by === "T");
    if (legal.by === "D") expect(d(OTHER_DEPARTMENT)).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("refuses a report without text and a rating outside 1–5", () => {
    expect(decide(SUMMONS_TRANSITIONS, entity("checkedIn"), "report", DEPARTMENT, { note: " " }, NOW)).toMatchObject({ ok: false, code: "VALIDATION", field: "note" });
    for (const rating of [0, 6, 3.5]) {
      expect(decide(SUMMONS_TRANSITIONS, entity("reported"), "rate", TOWN_ADMIN, { data: { rating } }, NOW)).toMatchObject({ ok: false, field: "rating" });
    }
    expect(decide(SUMMONS_TRANSITIONS, entity("summoned"), "cancel", TOWN_ADMIN, {}, NOW)).toMatchObject({ ok: false, field: "reason" });
  });

  it("sets a yellow warning and the miss at the check-in deadline, then a red warning at the done-by time", () => {
    const s = entity("summoned");
    expect(summonsTimers(s, NOW)).toEqual([
      { kind: "notify", level: "yellow", dueAt: new Date(NOW.getTime() + Math.round(30 * 60_000 * 0.67)) },
      { kind: "event", event: "miss", dueAt: s.checkInDueAt },
    ]);
    expect(summonsTimers({ ...s, status: "checkedIn" }, NOW)).toEqual([{ kind: "notify", level: "red", dueAt: s.doneDueAt }]);
    expect(summonsTimers({ ...s, status: "rated" }, NOW)).toEqual([]);
  });
});
