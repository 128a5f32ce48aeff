import { describe, expect, it } from "vitest";
import { compute } from "../compute.js";
import { expectConsistent } from "../compute.testkit.js";
import type { Facts } from "../schema.js";
import type { ScoreResult } from "../types.js";
import { validateScheme } from "../validate.js";
import { fortress2026 } from "./fortress-2026.js";
import { memberStar2026 } from "./member-star-2026.js";

const AS_OF = new Date("2027-01-20T02:00:00Z");

function score(scheme: typeof fortress2026, facts: Facts): ScoreResult {
  const out = compute(scheme, facts, AS_OF);
  if (!out.ok) throw new Error(JSON.stringify(out.problems));
  expectConsistent(out.result);
  return out.result;
}

describe("default schemes", () => {
  it.each([
    ["fortress 2026", fortress2026],
    ["member star 2026", memberStar2026],
  ])("%s passes validateScheme", (_name, scheme) => {
    expect(validateScheme(scheme)).toEqual([]);
  });

  it("fortress: five dimensions of 25/20/25/20/10, bands 95/90/80/70/60, two capping vetoes", () => {
    expect(fortress2026.dimensions.map((d) => [d.name, d.maxPoints])).toEqual([
      ["组织体系与班子队伍", 25],
      ["组织生活与党员管理", 20],
      ["发展业绩(乡村振兴)", 25],
      ["服务群众与治理", 20],
      ["群众满意度", 10],
    ]);
    expect(fortress2026.vetoes.map((v) => (v.effect === "capGrade" ? v.capGrade : v.effect))).toEqual(["一星", "二星"]);
    expect(fortress2026.evaluators).toEqual([
      { role: "self", weight: 0 },
      { role: "town", weight: 0.6 },
      { role: "district", weight: 0.2 },
      { role: "survey", weight: 0.2 },
    ]);
    const metrics = fortress2026.dimensions.flatMap((d) => d.indicators.flatMap((i) => (i.method === "formula" ? i.inputs : i.metric ? [i.metric] : [])));
    expect(metrics.sort()).toEqual(
      ["appeals.resolutionRate", "appeals.responseRate", "appeals.satisfactionRate", "orgLife.attendanceRate", "orgLife.heldRate", "orgLife.themeDayCount", "tasks.onTimeRate"].sort(),
    );
  });

  const village: Facts = {
    categoryCode: "rural",
    inputs: {
      "orgLife.heldRate": 1,
      "orgLife.attendanceRate": 0.93,
      "orgLife.themeDayCount": 12,
      "appeals.responseRate": 0.98,
      "appeals.resolutionRate": 0.96,
      "appeals.satisfactionRate": 0.95,
      "tasks.onTimeRate": 0.9,
    },
    manualScores: {
      "org.teamComplete": { town: 1, district: 1 },
      "org.secretaryReserve": { town: 2, district: 2 },
      "org.secretaryDuty": { self: 7, town: 6, district: 6 },
      "org.unrectified": { town: 1, district: 0 },
      "life.review": { town: 1 },
      "life.recruit": { town: 3, district: 3 },
      "dev.collectiveIncome": { town: 0.12, district: 0.08 },
      "dev.industry": { town: 7, district: 6 },
      "dev.environment": { town: 6, district: 6 },
      "serve.fourTwo": { town: 1 },
      "mass.survey": { survey: 5.4 },
    },
  };

  it("fortress: a good rural village, explained line by line", () => {
    const r = score(fortress2026, village);
    expect(r).toMatchObject({ rawMax: 100, complete: true, grade: "四星" });
    // 23.25 + 19 + 22.25 + 18.65 + 9.2
    expect(r.total).toBe(92.35);
    expect(r.breakdown.find((l) => l.indicator === "org.unrectified")).toMatchObject({ points: -0.75, negative: true });
    expect(r.breakdown.find((l) => l.indicator === "serve.tasksOnTime")).toMatchObject({ points: 3.75, rule: "clamp((tasks.onTimeRate - 0.6) / 0.4 * 5, 0, 5) = 3.75" });
    expect(r.breakdown.find((l) => l.indicator === "dev.collectiveIncome")?.points).toBe(9.5);
  });

  it("fortress: category overrides change targets and maxima, then normalise to 100", () => {
    const urban = score(fortress2026, { ...village, categoryCode: "urban" });
    expect(urban).toMatchObject({ rawMax: 92, excluded: ["dev.industry"] });
    expect(urban.notes.map((n) => n.key)).toContain("rating.note.normalised");
    expect(urban.breakdown.find((l) => l.indicator === "dev.collectiveIncome")?.points).toBe(7.33);
    const island = score(fortress2026, { ...village, categoryCode: "island", inputs: { ...village.inputs, "orgLife.themeDayCount": 8 } });
    expect(island.breakdown.find((l) => l.indicator === "life.themeDay")?.points).toBe(6);
    expect(score(fortress2026, { ...village, categoryCode: "rectify" }).rawMax).toBe(102);
  });

  it("fortress: the vetoes cap the star", () => {
    const excellent: Facts = { ...village, inputs: { ...village.inputs, "tasks.onTimeRate": 1, "orgLife.attendanceRate": 1, "appeals.responseRate": 1, "appeals.satisfactionRate": 1 } };
    expect(score(fortress2026, excellent).grade).toBe("四星");
    expect(score(fortress2026, { ...excellent, vetoHits: ["V2"] }).grade).toBe("二星");
    expect(score(fortress2026, { ...excellent, vetoHits: ["V2", "V1"] }).grade).toBe("一星");
  });

  const member: Facts = {
    categoryCode: "regular",
    inputs: { "member.meetingsAttended": 5, "member.themeDaysAttended": 11, "member.studyHours": 14, "member.unexcusedAbsences": 1 },
    manualScores: { dues: { branch: 1 }, commitment: { self: 15, branch: 13, peers: 14 }, performance: { branch: 12, peers: 12 } },
    counts: { volunteer: 20, linkHouse: 6, urgent: 1 },
  };

  it("member star: points from recorded events, per-year caps, a deduction", () => {
    const r = score(memberStar2026, member);
    const points = Object.fromEntries(r.breakdown.map((l) => [l.indicator, l.points]));
    expect(points).toEqual({
      meeting: 12,
      themeDay: 8,
      study: 12,
      dues: 8,
      commitment: 13.3,
      performance: 12,
      volunteer: 15,
      linkHouse: 6,
      urgent: 5,
      absentNoReason: -2,
      complaintUpheld: 0,
    });
    expect(r).toMatchObject({ total: 89.3, grade: "三星" });
  });

  it("member star: elderly and mobile exemptions are normalised over what is expected", () => {
    const elderly = score(memberStar2026, { ...member, categoryCode: "elderly", counts: { linkHouse: 6 } });
    expect(elderly).toMatchObject({ rawMax: 80, excluded: ["volunteer", "urgent"] });
    expect(elderly.total).toBe(86.63);
    const mobile = score(memberStar2026, { ...member, categoryCode: "mobile", inputs: { ...member.inputs, "member.themeDaysAttended": 2 }, counts: { volunteer: 20, urgent: 1 } });
    expect(mobile).toMatchObject({ rawMax: 86, excluded: ["linkHouse"] });
    expect(mobile.breakdown.find((l) => l.indicator === "themeDay")).toMatchObject({ points: 4, max: 4 });
  });

  it("member star: discipline disqualifies (清零), lapsing zeroes", () => {
    expect(score(memberStar2026, { ...member, vetoHits: ["discipline"] })).toMatchObject({ total: 0, grade: null, disqualified: true, rawTotal: 89.3 });
    expect(score(memberStar2026, { ...member, vetoHits: ["lapsed"] })).toMatchObject({ total: 0, grade: "无星", disqualified: false });
  });
});
