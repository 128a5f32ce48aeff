import { describe, expect, it } from "vitest";
import { APPEAL_EVENTS, APPEAL_STATUSES, type AppealEvent, type AppealStatus } from "../../../common/appeals.js";
import { systemActor, type Actor } from "../../platform/actor.js";
import { allPairs, decide } from "../../workflow/machine.js";
import { APPEAL_TRANSITIONS, type AppealEntity, type AppealInput } from "./appeal-machine.js";

const NOW = new Date("2026-03-02T02:00:00Z");
const VILLAGE = "/c/d/t/v/";
const GRID = `${VILLAGE}g/`;

function entity(status: AppealStatus, over: Partial<AppealEntity> = {}): AppealEntity {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    status,
    path: GRID,
    trackingCode: "ABCDEFGHJK",
    gridId: "g",
    handlingUnitId: "g",
    handlingLevel: "grid",
    handlingPath: GRID,
    categoryName: "环境卫生",
    scale: "small",
    description: "x",
    reopens: 0,
    escalations: 0,
    acceptedAt: null,
    enteredAt: NOW,
    extensionDays: 0,
    pendingExtensionId: "e1",
    rules: {},
    ...over,
  };
}

function user(role: "gridWorker" | "villageSecretary" | "townAdmin", scopePath: string): Actor {
  return {
    kind: "user",
    userId: "u",
    username: role,
    displayName: role,
    grants: [{ id: "g", role, orgUnitId: "x", scopePath, scopeLevel: "village", scopeName: "", divisionCode: null, departmentId: null }],
  };
}

const input: AppealInput = { note: "done", data: { reason: "not ours", unitId: "u2" } };

/** The expected table: (state, event) → next state, for a handler (H) and for the system (S). */
const LEGAL: Record<string, { to: AppealStatus; by: "H" | "S" | "HS" | "D" | "X" }> = {
  "submitted:accept": { to: "accepted", by: "H" },
  "escalated:accept": { to: "accepted", by: "H" },
  "reopened:accept": { to: "accepted", by: "H" },
  "returned:accept": { to: "accepted", by: "H" },
  "accepted:start": { to: "inProgress", by: "H" },
  "accepted:resolve": { to: "resolved", by: "H" },
  "inProgress:resolve": { to: "resolved", by: "H" },
  "dispatched:resolve": { to: "resolved", by: "H" },
  "returned:resolve": { to: "resolved", by: "H" },
  "resolved:confirm": { to: "closed", by: "S" },
  "resolved:autoClose": { to: "closed", by: "S" },
  "resolved:reopen": { to: "reopened", by: "S" },
  "closed:reopen": { to: "reopened", by: "S" },
  "resolved:return": { to: "returned", by: "H" },
  ...Object.fromEntries(
    (["submitted", "accepted", "inProgress", "returned", "reopened", "escalated", "dispatched"] as const).map((s) => [`${s}:escalate`, { to: "escalated" as const, by: "HS" as const }]),
  ),
  "accepted:dispatch": { to: "dispatched", by: "D" },
  "inProgress:dispatch": { to: "dispatched", by: "D" },
  "escalated:dispatch": { to: "dispatched", by: "D" },
  "submitted:reject": { to: "rejected", by: "H" },
  "escalated:reject": { to: "rejected", by: "H" },
  "reopened:reject": { to: "rejected", by: "H" },
  ...Object.fromEntries((["submitted", "escalated", "accepted", "returned", "reopened"] as const).map((s) => [`${s}:transfer`, { to: "submitted" as const, by: "H" as const }])),
  ...Object.fromEntries((["accepted", "inProgress", "returned", "dispatched"] as const).map((s) => [`${s}:extend`, { to: s, by: "X" as const }])),
};

describe("the appeal transition table", () => {
  const gridWorker = user("gridWorker", GRID);
  const town = user("townAdmin", "/c/d/t/");
  const system = systemActor("sweeper");

  it.each(allPairs(APPEAL_STATUSES, APPEAL_EVENTS))("%s + %s is legal exactly when declared", (status: AppealStatus, event: AppealEvent) => {
    const want = LEGAL[`${status}:${event}`];
    const e = entity(status);
    const asWorker = decide(APPEAL_TRANSITIONS, e, event, gridWorker, input, NOW);
    const asTown = decide(APPEAL_TRANSITIONS, e, event, town, input, NOW);
    const asSystem = decide(APPEAL_TRANSITIONS, e, event, system, input, NOW);
    if (!want) {
      for (const d of [asWorker, asTown, asSystem]) expect(d).toMatchObject({ ok: false, code: "INVALID_TRANSITION" });
      return;
    }
    const ok = (d: typeof asWorker) => (d.ok ? d.transition.to : d.code);
    // The system actor passes every permission check (the sweeper, the resident's page).
    expect(ok(asSystem)).toBe(want.to);
    if (want.by === "S") {
      expect(ok(asWorker)).toBe("FORBIDDEN");
      expect(ok(asTown)).toBe("FORBIDDEN");
    } else if (want.by === "D") {
      expect(ok(asWorker)).toBe("FORBIDDEN"); // grid workers cannot whistle departments
      expect(ok(asTown)).toBe(want.to);
    } else if (want.by === "X") {
      expect(ok(asWorker)).toBe("FORBIDDEN"); // an extension is approved by the level above
      expect(ok(asTown)).toBe(want.to);
    } else {
      expect(ok(asWorker)).toBe(want.to);
      expect(ok(asTown)).toBe(want.to);
    }
  });

  it("keeps a grid worker off an appeal once it has climbed to the village", () => {
    const e = entity("escalated", { handlingLevel: "village", handlingPath: VILLAGE });
    expect(decide(APPEAL_TRANSITIONS, e, "accept", user("gridWorker", GRID), {}, NOW)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(decide(APPEAL_TRANSITIONS, e, "accept", user("villageSecretary", VILLAGE), {}, NOW)).toMatchObject({ ok: true });
  });

  it("guards: a reason to reject, a resolution to resolve, a unit to transfer, one reopen, no climb past the district", () => {
    const w = user("gridWorker", GRID);
    expect(decide(APPEAL_TRANSITIONS, entity("submitted"), "reject", w, {}, NOW)).toMatchObject({ ok: false, code: "VALIDATION", field: "reason" });
    expect(decide(APPEAL_TRANSITIONS, entity("accepted"), "resolve", w, {}, NOW)).toMatchObject({ ok: false, code: "VALIDATION", field: "note" });
    expect(decide(APPEAL_TRANSITIONS, entity("submitted"), "transfer", w, {}, NOW)).toMatchObject({ ok: false, code: "VALIDATION", field: "unitId" });
    expect(decide(APPEAL_TRANSITIONS, entity("closed", { reopens: 1 }), "reopen", systemActor("resident"), {}, NOW)).toMatchObject({ ok: false, code: "VALIDATION" });
    const top = entity("submitted", { handlingLevel: "district", handlingPath: "/c/d/" });
    expect(decide(APPEAL_TRANSITIONS, top, "escalate", systemActor("sweeper"), {}, NOW)).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(decide(APPEAL_TRANSITIONS, entity("inProgress", { pendingExtensionId: null }), "extend", user("townAdmin", "/c/d/t/"), {}, NOW)).toMatchObject({ ok: false, code: "VALIDATION" });
  });
});
