import { describe, expect, it } from "vitest";
import { isWorkingDay } from "../../../platform/calendar/working-time.js";
import { toLocal } from "../../../platform/calendar/zoned-time.js";
import { planDemoAppeals, UNTOUCHED_WATER_TOWN } from "./demo-appeals-plan.js";

const TZ = "Asia/Shanghai";
const GRIDS = [
  ...["440514109210001", "440514109210002", "440514109211001", "440514109212001"].map((code) => ({ code, town: "440514109" })),
  ...["440512005001001", "440512005002001", "440512005003001"].map((code) => ({ code, town: "440512005" })),
];
const FROM = new Date("2025-01-01T16:00:00Z");
const UNTIL = new Date("2026-11-28T04:00:00Z");

describe("demo appeal scripts", () => {
  const plan = planDemoAppeals(GRIDS, FROM, UNTIL, TZ);

  it("is deterministic and files on working days in office hours, inside the period, in order", () => {
    expect(planDemoAppeals(GRIDS, FROM, UNTIL, TZ)).toEqual(plan);
    expect(plan.length).toBeGreaterThan(30);
    expect(new Set(plan.map((p) => p.key)).size).toBe(plan.length);
    for (const [i, p] of plan.entries()) {
      expect(p.filedAt.getTime()).toBeGreaterThanOrEqual(FROM.getTime());
      expect(p.filedAt.getTime()).toBeLessThanOrEqual(UNTIL.getTime());
      if (i > 0) expect(p.filedAt.getTime()).toBeGreaterThanOrEqual(plan[i - 1]?.filedAt.getTime() ?? 0);
      expect(isWorkingDay(p.filedAt, TZ)).toBe(true);
      const hour = Math.floor(toLocal(p.filedAt, TZ).msOfDay / 3_600_000);
      expect([9, 10, 14, 15]).toContain(hour);
      for (const s of p.steps) expect(s.at.getTime()).toBeGreaterThan(p.filedAt.getTime());
    }
  });

  it("has a realistic mix: most resolved and rated, some late (escalated), some whistled, a few rejected or open", () => {
    const kinds = (k: string) => plan.filter((p) => p.steps.some((s) => s.kind === k)).length;
    expect(kinds("confirm") / plan.length).toBeGreaterThan(0.6);
    expect(kinds("whistle")).toBeGreaterThan(2);
    expect(kinds("reject")).toBeGreaterThan(0);
    expect(plan.filter((p) => p.steps.length === 0 || !p.steps.some((s) => s.kind === "resolve" || s.kind === "reject")).length).toBeGreaterThan(0);
    const late = plan.filter((p) => {
      const accept = p.steps.find((s) => s.kind === "accept");
      return accept && accept.at.getTime() - p.filedAt.getTime() >= 45 * 60_000 && !p.steps.some((s) => s.kind === "whistle");
    });
    expect(late.length).toBeGreaterThan(5);
    expect(new Set(plan.map((p) => p.category)).size).toBeGreaterThanOrEqual(8);
  });

  it("never summons 红场镇's 水务所: no 紧急 appeals there and no water whistles", () => {
    const hongchang = plan.filter((p) => p.town === UNTOUCHED_WATER_TOWN);
    expect(hongchang.length).toBeGreaterThan(0);
    expect(hongchang.some((p) => p.category === "safety")).toBe(false);
    for (const p of hongchang) for (const s of p.steps) if (s.kind === "whistle") expect(s.departments).not.toContain("water");
  });

  it("gives the listed grid worker's grid work in hand whatever the day: one accepted on the last working day, one resolved before it", () => {
    const grid = "440514109210001";
    // A Monday (the last working day before it is Friday), a Saturday, and a Wednesday after a holiday week.
    for (const until of ["2026-11-30T03:00:00Z", "2026-11-28T04:00:00Z", "2026-10-08T01:00:00Z"]) {
      const mine = planDemoAppeals(GRIDS, FROM, new Date(until), TZ, 0.1, grid).filter((p) => p.key.startsWith("demo-appeal-showcase-"));
      expect(mine.map((p) => [p.grid, p.steps.map((s) => s.kind)])).toEqual([
        [grid, ["accept", "resolve"]],
        [grid, ["accept"]],
      ]);
      for (const p of mine) {
        expect(isWorkingDay(p.filedAt, TZ)).toBe(true);
        for (const s of p.steps) expect(s.at.getTime()).toBeLessThan(new Date(until).getTime());
      }
    }
    expect(planDemoAppeals(GRIDS, FROM, UNTIL, TZ).some((p) => p.key.startsWith("demo-appeal-showcase-"))).toBe(false);
  });

  it("plans nothing without grids or before the period starts", () => {
    expect(planDemoAppeals([], FROM, UNTIL, TZ)).toEqual([]);
    expect(planDemoAppeals(GRIDS, FROM, new Date("2024-12-01T00:00:00Z"), TZ)).toEqual([]);
  });
});
