import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../../db/client.js";
import type { Clock } from "../../../platform/clock.js";
import { fromLocal } from "../../../platform/calendar/zoned-time.js";
import type { FileStore } from "../../../platform/files.js";
import { applyEvent } from "../../../workflow/apply.js";
import { sweep } from "../../../workflow/sweeper.js";
import type { HandlingLevel } from "../../../../common/appeals.js";
import type { DemoStep } from "../../demo/steps.js";
import { assessmentWorkflow } from "../../rating/assessment.workflow.js";
import { appealsCipher, type AppealsDeps } from "../appeals-deps.js";
import { appealWorkflow } from "../appeal-workflow.js";
import { fileAppealCore, type IntakeGrid } from "../intake.service.js";
import { residentFeedback } from "../resident/resident.service.js";
import { blowWhistle } from "../whistle/whistle.service.js";
import { summonsWorkflow } from "../whistle/whistle-workflow.js";
import { DEMO_GRID_TOWNS, DEMO_GRID_WORKER } from "./appeals-demo.js";
import { demoActors, type DemoActors } from "./demo-actors.js";
import { planDemoAppeals, UNTOUCHED_WATER_TOWN, type PlannedAppeal, type PlanStep } from "./demo-appeals-plan.js";

const TIME_ZONE = "Asia/Shanghai";
/** The demo's appeals begin with 2025, the first year the rating has. */
const FIRST_DAY = "2025-01-02";

/** Demo appeals carry no photos: a file operation here is a bug, not a missing feature. */
const noFiles: FileStore = {
  put: () => Promise.reject(new Error("demo appeals store no files")),
  get: () => Promise.reject(new Error("demo appeals store no files")),
  remove: () => Promise.reject(new Error("demo appeals store no files")),
};

/** A clock the player moves forward; every service reads it as "now". */
class MovingClock implements Clock {
  constructor(private t: number) {}
  now(): Date {
    return new Date(this.t);
  }
  set(at: Date): void {
    this.t = Math.max(this.t, at.getTime());
  }
}

interface Live {
  id: string;
  trackingCode: string;
  grid: IntakeGrid;
}

interface Timeline {
  at: Date;
  plan: PlannedAppeal;
  step: PlanStep | null;
}

/**
 * Plays the demo appeals through the real services on a moved clock: intake (with the automatic
 * whistle of 紧急 appeals), the handlers' and the town's workflow events, 吹哨 and the departments'
 * check-ins, residents' ratings, and the sweeper at every deadline that falls due in between —
 * so escalations, warnings and automatic closes happen as in production. Nothing is inserted
 * finished. Returns the number of appeals filed.
 */
export async function playDemoAppeals(deps: { db: Db; clock: Clock; secret: string }, log: (msg: string) => void = () => {}): Promise<number> {
  const until = deps.clock.now();
  // CPU time beside wall time: on a shared machine the wall clock says more about the neighbours.
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const actors = await demoActors(deps.db);
  const grids = await queryRows<IntakeGrid & { town_code: string }>(
    deps.db,
    sql`SELECT g.org_unit_id AS id, g.code, u.path, g.village_id, v.path AS village_path, t.division_code AS town_code,
          (SELECT count(*) FROM grid_workers w WHERE w.grid_id = g.org_unit_id) AS worker_count
        FROM grids g JOIN org_units u ON u.id = g.org_unit_id JOIN org_units v ON v.id = g.village_id JOIN org_units t ON t.id = v.parent_id
        WHERE t.division_code IN (${sql.join(DEMO_GRID_TOWNS.map((c) => sql`${c}`), sql`, `)}) ORDER BY g.code`,
  );
  const categories = new Map((await queryRows<{ id: string; code: string }>(deps.db, sql`SELECT id, code FROM appeal_categories`)).map((c) => [c.code, c.id]));
  const plan = planDemoAppeals(grids.map((g) => ({ code: g.code, town: g.town_code })), fromLocal(FIRST_DAY, 0, TIME_ZONE), until, TIME_ZONE, undefined, DEMO_GRID_WORKER.gridCode);
  if (plan.length === 0) return 0;
  const clock = new MovingClock(plan[0]?.filedAt.getTime() ?? until.getTime());
  const ad: AppealsDeps = { db: deps.db, clock, secret: deps.secret, timeZone: TIME_ZONE, publicBaseUrl: "", files: noFiles, pii: appealsCipher(deps.secret) };
  const wf = appealWorkflow({ timeZone: TIME_ZONE });
  const swf = summonsWorkflow();
  // Every workflow that can have timers by now (the rating's assessments come later in the demo).
  const workflows = [wf, swf, assessmentWorkflow];
  const gridByCode = new Map(grids.map((g) => [g.code, g]));

  const timeline: Timeline[] = plan.flatMap((p) => [{ at: p.filedAt, plan: p, step: null }, ...p.steps.map((s) => ({ at: s.at, plan: p, step: s }))]);
  timeline.sort((a, b) => a.at.getTime() - b.at.getTime());

  /** Fires every timer due up to `t`, each at its own due time (as the sweeper every 30 s would). */
  const sweepUntil = async (t: Date) => {
    for (;;) {
      const [next] = await queryRows<{ due: Date | string | null }>(deps.db, sql`SELECT min(due_at) AS due FROM workflow_timers WHERE fired_at IS NULL`);
      if (!next?.due || new Date(next.due).getTime() > t.getTime()) return;
      clock.set(new Date(next.due));
      await sweep({ db: deps.db, clock }, workflows);
    }
  };

  const live = new Map<string, Live>();
  for (const ev of timeline) {
    if (ev.at.getTime() > until.getTime()) continue;
    await sweepUntil(ev.at);
    clock.set(ev.at);
    if (ev.step === null) {
      const grid = gridByCode.get(ev.plan.grid);
      const categoryId = categories.get(ev.plan.category);
      if (!grid || !categoryId) continue;
      const r = await fileAppealCore(ad, wf, actors.resident, { grid, channel: "resident", categoryId, description: ev.plan.description, idempotencyKey: ev.plan.key });
      live.set(ev.plan.key, { id: r.id, trackingCode: r.trackingCode, grid });
      continue;
    }
    const a = live.get(ev.plan.key);
    if (a) await perform(ad, actors, a, ev.plan, ev.step);
  }
  await sweepUntil(until);
  const cpu = process.cpuUsage(cpu0);
  log(`appeals: ${live.size} demo appeals played from ${FIRST_DAY} (${Math.round(performance.now() - wall0)} ms, cpu ${Math.round((cpu.user + cpu.system) / 1000)} ms)`);
  return live.size;

  async function perform(d: AppealsDeps, who: DemoActors, a: Live, p: PlannedAppeal, s: PlanStep): Promise<void> {
    const handler = async () => {
      const [row] = await queryRows<{ handling_level: HandlingLevel }>(d.db, sql`SELECT handling_level FROM appeals WHERE id = ${a.id}`);
      return who.handler(row?.handling_level ?? "grid", a.grid.code, p.town);
    };
    switch (s.kind) {
      case "accept":
        await applyEvent(d, wf, a.id, "accept", await handler(), {});
        return;
      case "resolve":
        await applyEvent(d, wf, a.id, "resolve", await handler(), { note: s.note });
        return;
      case "reject":
        await applyEvent(d, wf, a.id, "reject", await handler(), { note: s.reason, data: { reason: s.reason } });
        return;
      case "confirm":
        await residentFeedback(d, wf, a.trackingCode, { action: "confirm", satisfaction: String(s.rating) });
        return;
      case "whistle": {
        if (p.town === UNTOUCHED_WATER_TOWN && s.departments.includes("water")) throw new Error("the demo must not summon 红场镇水务所");
        const ids = s.departments.map((k) => who.department(p.town, k).departmentId);
        await blowWhistle(d, swf, wf, who.town(p.town), { appealId: a.id, kind: "unresolvedDemand", title: s.title, description: p.description, departmentIds: ids, leadDepartmentId: ids[0] ?? "" });
        return;
      }
      case "checkIn":
      case "report":
      case "rateSummons": {
        const summons = await queryRows<{ id: string; department_id: string }>(
          d.db,
          sql`SELECT s.id, s.department_id FROM whistle_summons s JOIN whistles w ON w.id = s.whistle_id WHERE w.appeal_id = ${a.id} ORDER BY s.lead DESC, s.id`,
        );
        for (const x of summons) {
          if (s.kind === "rateSummons") await applyEvent(d, swf, x.id, "rate", who.town(p.town), { data: { rating: s.rating } });
          else await applyEvent(d, swf, x.id, s.kind, who.staffOf(x.department_id), s.kind === "report" ? { note: s.note } : {});
        }
        return;
      }
      default: {
        const never: never = s;
        return never;
      }
    }
  }
}

export const demoAppealsStep: DemoStep = {
  name: "appeals",
  async run(deps, log) {
    await playDemoAppeals(deps, log);
  },
};
