import { describe, expect, it } from "vitest";
import { ASSESSMENT_EVENTS, ASSESSMENT_STATUSES, type AssessmentEvent, type AssessmentStatus } from "../../../common/rating.js";
import type { Actor } from "../../platform/actor.js";
import { allPairs, decide } from "../../workflow/machine.js";
import { ASSESSMENT_TRANSITIONS, publicityEnd, type AssessmentEntity } from "./assessment-machine.js";

const PATH = "/c/d/t/v/";
const grant = (role: "villageSecretary" | "townAdmin" | "districtAdmin", scopePath: string) => ({
  id: role, role, orgUnitId: "u", scopePath, scopeLevel: "village" as const, scopeName: "x", divisionCode: null, departmentId: null,
});
const user = (g: ReturnType<typeof grant>): Actor => ({ kind: "user", userId: g.role, username: g.role, displayName: g.role, grants: [g] });
const village = user(grant("villageSecretary", PATH));
const town = user(grant("townAdmin", "/c/d/t/"));
const district = user(grant("districtAdmin", "/c/d/"));
const system: Actor = { kind: "system", name: "sweeper" };
const now = new Date("2026-03-02T00:00:00Z");

function entity(status: AssessmentStatus, over: Partial<AssessmentEntity> = {}): AssessmentEntity {
  return { id: "a", status, path: PATH, schemeId: "s", orgUnitId: "v", publicityDays: 5, publicityEndsAt: publicityEnd(now, 5), objectedAt: null, ...over };
}

/** The one legal (state, event) → (actor, target) per row; everything else must be refused. */
const LEGAL: Partial<Record<`${AssessmentStatus}:${AssessmentEvent}`, [Actor, AssessmentStatus]>> = {
  "selfAssess:submit": [village, "townReview"],
  "townReview:review": [town, "districtApproval"],
  "townReview:returnToVillage": [town, "selfAssess"],
  "districtApproval:approve": [district, "publicity"],
  "districtApproval:returnToTown": [district, "townReview"],
  "publicity:object": [village, "objection"],
  "objection:dismiss": [town, "final"],
  "objection:uphold": [town, "townReview"],
  "publicity:finalize": [system, "final"],
};

describe("assessment transition table", () => {
  it.each(allPairs(ASSESSMENT_STATUSES, ASSESSMENT_EVENTS))("%s --%s-->", (status, event) => {
    const legal = LEGAL[`${status}:${event}`];
    const input = { note: "意见", reason: "理由" };
    if (!legal) {
      for (const a of [village, town, district]) expect(decide(ASSESSMENT_TRANSITIONS, entity(status), event, a, input, now).ok).toBe(false);
      return;
    }
    const [actor, to] = legal;
    const d = decide(ASSESSMENT_TRANSITIONS, entity(status), event, actor, input, now);
    expect(d.ok && d.transition.to).toBe(to);
  });

  it("lets only the right level act: a village cannot review, a town cannot approve, nobody but the system finalises", () => {
    expect(decide(ASSESSMENT_TRANSITIONS, entity("townReview"), "review", village, {}, now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(decide(ASSESSMENT_TRANSITIONS, entity("districtApproval"), "approve", town, {}, now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(decide(ASSESSMENT_TRANSITIONS, entity("publicity"), "finalize", district, {}, now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(decide(ASSESSMENT_TRANSITIONS, entity("selfAssess"), "approve", district, {}, now)).toMatchObject({ ok: false, code: "INVALID_TRANSITION" });
  });

  it("allows one objection, with reasons, inside the publicity window only", () => {
    expect(decide(ASSESSMENT_TRANSITIONS, entity("publicity"), "object", village, {}, now)).toMatchObject({ ok: false, code: "VALIDATION", field: "reason" });
    expect(decide(ASSESSMENT_TRANSITIONS, entity("publicity", { objectedAt: now }), "object", village, { reason: "r" }, now)).toMatchObject({
      ok: false, code: "VALIDATION", message: { key: "rating.assessment.objectionOnce" },
    });
    const late = new Date(publicityEnd(now, 5).getTime() + 1);
    expect(decide(ASSESSMENT_TRANSITIONS, entity("publicity"), "object", village, { reason: "r" }, late)).toMatchObject({
      ok: false, message: { key: "rating.assessment.objectionClosed" },
    });
  });
});
