/**
 * The demo's appeals as scripts, pure and seeded: when each resident files what on which grid,
 * and what the people handling it do and when. The player (demo-appeals-play.ts) runs the scripts
 * through the real intake, workflow, whistle and sweeper services on a moved clock; everything a
 * script leaves out (an accept that comes too late, a resident who never confirms) is what the
 * sweeper does at the deadline: escalate one rung, warn, close after the verify window.
 */
import { fromLocal, localDate } from "../../../platform/calendar/zoned-time.js";
import { isWorkingDay } from "../../../platform/calendar/working-time.js";
import { OFFICIAL_WORKING_TIME } from "../../../platform/calendar/calendar-provider.js";
import { pick, prng, type Rand } from "../../party/demo/synthetic.js";

/** Departments a demo town can summon (whistle-demo.ts): the keys of its names. */
export type DemoDepartment = "safety" | "water" | "law" | "agri";

export interface PlanGrid {
  code: string;
  /** The town's division code (9 digits). */
  town: string;
}

/** Who acts: the appeal's current handler (by its level), the town, the summoned departments, the resident. */
export type PlanStep =
  | { at: Date; kind: "accept" }
  | { at: Date; kind: "resolve"; note: string }
  | { at: Date; kind: "confirm"; rating: number }
  | { at: Date; kind: "reject"; reason: string }
  | { at: Date; kind: "whistle"; departments: DemoDepartment[]; title: string }
  | { at: Date; kind: "checkIn" }
  | { at: Date; kind: "report"; note: string }
  | { at: Date; kind: "rateSummons"; rating: number };

export interface PlannedAppeal {
  /** The idempotency key: re-running the step files nothing twice. */
  key: string;
  grid: string;
  town: string;
  category: string;
  description: string;
  filedAt: Date;
  steps: PlanStep[];
}

/** The town whose 水务所 the demo never summons (test/e2e/appeals-admin.e2e.ts uses it fresh). */
export const UNTOUCHED_WATER_TOWN = "440514109";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const TEXTS: Record<string, readonly string[]> = {
  consult: ["想咨询新农合缴费标准", "询问高龄津贴怎么申请", "咨询宅基地审批流程", "问一下低保复核时间"],
  environment: ["村口垃圾堆放多日无人清运", "河涌有异味，水面漂浮垃圾", "公厕损坏无法使用", "路边杂草丛生影响通行"],
  roads: ["村道路面塌陷，有安全隐患", "路灯不亮，晚上出行不便", "桥头护栏松动", "雨后道路积水严重"],
  water: ["自来水水压太低", "停水两天未恢复", "水管破裂漏水", "电线老化经常跳闸"],
  neighbour: ["邻居违建挡住通道", "养狗扰民，夜间吵闹", "排水沟被邻居堵塞", "宅基地界址有争议"],
  welfare: ["独居老人无人照料", "申请困难补助未获答复", "残疾人补贴迟迟未发", "孩子入学手续遇到困难"],
  land: ["承包地被占用", "山林边界纠纷", "土地流转租金未按时支付", "撂荒地无人管理"],
  safety: ["山坡出现裂缝，担心滑坡", "民房墙体开裂有倒塌危险", "燃气管道疑似泄漏", "堤坝渗水"],
  other: ["建议增设公交站点", "文化室开放时间太短", "希望增加健身器材", "村务公开栏内容未更新"],
};

/** Category codes by share of appeals (the catalogue of migration 0030). */
const CATEGORY_WEIGHTS: readonly [string, number][] = [
  ["consult", 12], ["environment", 24], ["roads", 16], ["water", 11], ["neighbour", 12], ["welfare", 8], ["land", 6], ["safety", 4], ["other", 7],
];

function weighted(r: Rand, items: readonly [string, number][]): string {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1]?.[0] ?? "other";
}

/** A resident's 1–5 rating, better on well-run grids. */
function rating(r: Rand, quality: number): number {
  const x = r() * 0.8 + (1 - quality) * 0.35;
  return x < 0.5 ? 5 : x < 0.78 ? 4 : x < 0.92 ? 3 : x < 1.0 ? 2 : 1;
}

const at = (t: Date, ms: number): Date => new Date(t.getTime() + ms);

/**
 * One appeal's script from its filing time. The accept deadline is 30 working minutes and
 * filings fall in 09:00–10:15 or 14:00–15:45, so "+45 min" is after the grid's deadline and
 * before the village's, "+75 min" after the village's and before the town's.
 */
function scriptFor(r: Rand, a: Omit<PlannedAppeal, "steps">, quality: number, recent: boolean): PlanStep[] {
  const resolveNote = "已现场核实处理，群众认可";
  const handleDays = a.category === "welfare" || a.category === "land" ? 1 + Math.floor(r() * 5) : Math.floor(r() * 3);
  const resolveAt = (from: Date) => (handleDays === 0 || a.category === "consult" ? at(from, 90 * MIN) : at(from, handleDays * DAY + 30 * MIN));
  const close = (resolvedAt: Date): PlanStep[] => (r() < 0.85 ? [{ at: at(resolvedAt, 2 * HOUR), kind: "confirm", rating: rating(r, quality) }] : []);
  if (a.category === "safety") {
    // 紧急: the intake summons the town's automatic departments; the grid accepts, they check in
    // within 30 minutes and report, the grid resolves inside the 2-hour deadline.
    return [
      { at: at(a.filedAt, 8 * MIN), kind: "accept" },
      { at: at(a.filedAt, 15 * MIN), kind: "checkIn" },
      { at: at(a.filedAt, 60 * MIN), kind: "report", note: "已到场排查并设置警示，隐患已控制" },
      { at: at(a.filedAt, 70 * MIN), kind: "rateSummons", rating: 5 },
      { at: at(a.filedAt, 90 * MIN), kind: "resolve", note: "隐患已排除" },
      ...close(at(a.filedAt, 90 * MIN)),
    ];
  }
  const x = r();
  if (recent && x < 0.5) return [{ at: at(a.filedAt, 12 * MIN), kind: "accept" }]; // still being handled (or overdue) now
  if (recent && x < 0.7) return []; // nobody picked it up: the sweeper climbs the ladder
  const slack = 1 - quality;
  if (x < 0.04 && (a.category === "consult" || a.category === "other")) return [{ at: at(a.filedAt, 10 * MIN), kind: "reject", reason: "重复反映，已并案办理" }];
  if (x < 0.08 + slack * 0.1 && a.category !== "consult") {
    // 吹哨报到: the grid accepts, the town summons two departments the next morning.
    const whistleAt = at(a.filedAt, DAY);
    const depts: DemoDepartment[] = a.category === "water" && a.town !== UNTOUCHED_WATER_TOWN ? ["water", "law"] : ["law", "agri"];
    return [
      { at: at(a.filedAt, 10 * MIN), kind: "accept" },
      { at: whistleAt, kind: "whistle", departments: depts, title: `${a.description.slice(0, 12)}，请相关部门报到` },
      { at: at(whistleAt, 40 * MIN), kind: "checkIn" },
      { at: at(whistleAt, DAY), kind: "report", note: "已联合处置完毕" },
      { at: at(whistleAt, DAY + HOUR), kind: "rateSummons", rating: r() < 0.8 ? 5 : 4 },
      { at: at(whistleAt, DAY + 2 * HOUR), kind: "resolve", note: resolveNote },
      ...close(at(whistleAt, DAY + 2 * HOUR)),
    ];
  }
  // The grid worker was late: the sweeper escalated once (+45 min) or twice (+75 min).
  const late = x < 0.2 + slack * 0.25 ? (r() < 0.7 ? 45 : 75) : 5 + Math.floor(r() * 12); // before the yellow warning at 67 %
  const acceptedAt = at(a.filedAt, late * MIN);
  const resolvedAt = resolveAt(acceptedAt);
  return [{ at: acceptedAt, kind: "accept" }, { at: resolvedAt, kind: "resolve", note: resolveNote }, ...close(resolvedAt)];
}

/**
 * Appeals on the given grids from `from` up to `until`: on about one working day in ten one
 * appeal (sometimes two), filed in office hours, on a grid drawn at random; each grid has a
 * seeded quality that makes it slower and its residents less satisfied. 紧急 appeals only where
 * the town's automatic departments may be summoned (not 红场镇, whose 水务所 is one of them).
 * The last ten days are busier and their appeals often still open (the work queues, overdue
 * ones escalated by the sweeper). Few appeals on purpose: each is played through the services,
 * which costs cold-start time (BENCHMARKS.md cold-start). Sorted by filing time.
 */
export function planDemoAppeals(grids: readonly PlanGrid[], from: Date, until: Date, timeZone: string, perDay = 0.1, showcaseGrid?: string): PlannedAppeal[] {
  if (grids.length === 0) return [];
  const r = prng(`zhenxing-demo:appeals:${localDate(from, timeZone)}`);
  const quality = new Map(grids.map((g) => [g.code, Math.min(1, 0.55 + prng(`zhenxing-demo:grid:${g.code}`)() * 0.5)]));
  const out: PlannedAppeal[] = [];
  for (let day = localDate(from, timeZone); ; ) {
    const midnight = fromLocal(day, 0, timeZone);
    if (midnight.getTime() > until.getTime()) break;
    if (isWorkingDay(day, timeZone, OFFICIAL_WORKING_TIME)) {
      const busy = until.getTime() - midnight.getTime() < 10 * DAY;
      const n = r() < (busy ? 0.6 : perDay) ? (r() < 0.15 ? 2 : 1) : 0;
      for (let i = 0; i < n; i++) {
        const grid = pick(r, grids);
        let category = weighted(r, CATEGORY_WEIGHTS);
        if (category === "safety" && grid.town === UNTOUCHED_WATER_TOWN) category = "environment";
        const minute = r() < 0.5 ? 9 * 60 + Math.floor(r() * 75) : 14 * 60 + Math.floor(r() * 105);
        const filedAt = fromLocal(day, minute * MIN, timeZone);
        if (filedAt.getTime() > until.getTime()) continue;
        const base = { key: `demo-appeal-${day}-${i}`, grid: grid.code, town: grid.town, category, description: pick(r, TEXTS[category] ?? TEXTS.other ?? []), filedAt };
        const recent = until.getTime() - filedAt.getTime() < 10 * DAY;
        out.push({ ...base, steps: scriptFor(r, base, quality.get(grid.code) ?? 0.8, recent) });
      }
    }
    day = localDate(new Date(midnight.getTime() + 36 * HOUR), timeZone);
  }
  const showcase = grids.find((g) => g.code === showcaseGrid);
  if (showcase) out.push(...showcaseAppeals(showcase, from, until, timeZone));
  return out.sort((a, b) => a.filedAt.getTime() - b.filedAt.getTime());
}

/** The `n`-th working day before the local day of `t` (1 = the last one before it). */
function workingDayBefore(t: Date, n: number, timeZone: string): string {
  let day = localDate(t, timeZone);
  for (let found = 0; found < n; ) {
    day = localDate(new Date(fromLocal(day, 0, timeZone).getTime() - 12 * HOUR), timeZone);
    if (isWorkingDay(day, timeZone, OFFICIAL_WORKING_TIME)) found++;
  }
  return day;
}

/**
 * Work in hand on the listed grid worker's grid (DEMO_GRID_WORKER), whenever the demo is seeded:
 * the random plan leaves any one grid idle for weeks, and the account the README hands a new
 * user would open an empty phone view. One 小事 accepted on the last working day (its 3 working
 * days still running: 处理中, then 即将到期) and one resolved the day before, waiting for the
 * resident's confirmation. Played like every other script, so they escalate or close by
 * themselves later, as real ones would.
 */
function showcaseAppeals(grid: PlanGrid, from: Date, until: Date, timeZone: string): PlannedAppeal[] {
  const last = workingDayBefore(until, 1, timeZone);
  const before = workingDayBefore(until, 2, timeZone);
  const inHand = fromLocal(last, (9 * 60 + 40) * MIN, timeZone);
  const resolved = fromLocal(before, (14 * 60 + 20) * MIN, timeZone);
  const out: PlannedAppeal[] = [
    {
      key: `demo-appeal-showcase-${last}-inhand`,
      grid: grid.code,
      town: grid.town,
      category: "environment",
      description: "村口垃圾堆放多日无人清运",
      filedAt: inHand,
      steps: [{ at: at(inHand, 10 * MIN), kind: "accept" }],
    },
    {
      key: `demo-appeal-showcase-${before}-resolved`,
      grid: grid.code,
      town: grid.town,
      category: "roads",
      description: "路灯不亮，晚上出行不便",
      filedAt: resolved,
      steps: [
        { at: at(resolved, 8 * MIN), kind: "accept" },
        { at: at(resolved, 20 * HOUR), kind: "resolve", note: "已更换灯泡，恢复照明" },
      ],
    },
  ];
  return out.filter((a) => a.filedAt.getTime() >= from.getTime() && a.steps.every((s) => s.at.getTime() < until.getTime()));
}
