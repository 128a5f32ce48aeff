import { eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client.js";
import { workflowTimers } from "../db/schema/index.js";
import { systemActor } from "../platform/actor.js";
import { writeAudit } from "../platform/audit.js";
import type { Clock } from "../platform/clock.js";
import { AppError } from "../platform/errors.js";
import { applyToLoaded, type AnyWorkflow } from "./apply.js";

export interface SweepResult {
  applied: number;
  notified: number;
  stale: number;
  refused: number;
  errors: number;
  /** Timers left due after a deadlock or serialisation failure, to be claimed again. */
  retried: number;
}

/** PostgreSQL's deadlock, serialisation and lock-timeout errors (drizzle wraps them in `cause`). */
function isRetryable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "40P01" || code === "40001" || code === "55P03") return true;
  }
  return false;
}

interface DueTimer {
  id: string;
  workflow: string;
  entity_id: string;
  state: string;
  kind: "event" | "notify";
  event: string | null;
  level: string | null;
}

/**
 * Fires due timers, at most `batch` per transaction, until none are due. Safe to run in every
 * app process at once: timers are claimed with `FOR UPDATE SKIP LOCKED` and marked fired in the
 * same transaction as the escalation they cause, so each is applied exactly once. A timer whose
 * entity has left the timer's state is stale and only marked. Each timer runs in a savepoint, so
 * one failing entity does not block the rest.
 */
export async function sweep(
  deps: { db: Db; clock: Clock },
  workflows: readonly AnyWorkflow[],
  opts: { batch?: number; maxBatches?: number } = {},
): Promise<SweepResult> {
  const registry = new Map(workflows.map((w) => [w.name, w]));
  const result: SweepResult = { applied: 0, notified: 0, stale: 0, refused: 0, errors: 0, retried: 0 };
  const batch = opts.batch ?? 100;
  const actor = systemActor("sweeper");
  for (let round = 0; round < (opts.maxBatches ?? 1000); round++) {
    let retriedNow = 0;
    const claimed = await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      const due = await queryRows<DueTimer>(
        tx,
        sql`SELECT id, workflow, entity_id, state, kind, event, level FROM workflow_timers
            WHERE fired_at IS NULL AND due_at <= ${now}
            ORDER BY due_at, id LIMIT ${batch} FOR UPDATE SKIP LOCKED`,
      );
      for (const timer of due) {
        let outcome: string;
        try {
          outcome = await tx.transaction(async (sp) => fire(sp, deps.clock, registry.get(timer.workflow), timer, actor));
        } catch (err) {
          // Two sweepers can deadlock (each holds an entity and waits for the other's); the victim's
          // timer stays due and is claimed again, instead of being lost as an error.
          if (isRetryable(err)) {
            result.retried++;
            retriedNow++;
            continue;
          }
          outcome = err instanceof AppError ? `refused:${err.code}` : "error";
          if (!(err instanceof AppError)) console.error(`[sweeper] timer ${timer.id} failed`, err);
        }
        if (outcome === "applied") result.applied++;
        else if (outcome === "notified") result.notified++;
        else if (outcome === "stale") result.stale++;
        else if (outcome.startsWith("refused")) result.refused++;
        else result.errors++;
        await tx.update(workflowTimers).set({ firedAt: now, outcome }).where(eq(workflowTimers.id, timer.id));
      }
      return due.length;
    });
    if (claimed < batch && retriedNow === 0) break;
  }
  return result;
}

async function fire(tx: Db, clock: Clock, wf: AnyWorkflow | undefined, timer: DueTimer, actor: ReturnType<typeof systemActor>): Promise<string> {
  if (!wf) return "error:unknownWorkflow";
  const entity = await wf.load(tx, timer.entity_id, true);
  // A timer cancelled after it was claimed (an earlier timer of this batch restarted the entity's
  // timers without leaving its state) must not fire. Nor may one a restart superseded without
  // cancelling it: a restart cancels with SKIP LOCKED (waiting could deadlock with a sweeper), so
  // a timer another transaction held at that moment — a sweeper, or a calendar recompute moving
  // it — stays pending beside the restart's new timers. Timers are only ever inserted as an
  // entity's whole set (first timers, or a restart after cancelling), so a later-created timer of
  // the same entity means this one belongs to a replaced set.
  const [current] = await queryRows<{ fired_at: Date | null; superseded: boolean }>(
    tx,
    sql`SELECT t.fired_at, EXISTS (SELECT 1 FROM workflow_timers n WHERE n.workflow = t.workflow
          AND n.entity_id = t.entity_id AND n.created_at > t.created_at) AS superseded
        FROM workflow_timers t WHERE t.id = ${timer.id}`,
  );
  if (current?.fired_at || current?.superseded) return "stale";
  if (!entity || entity.status !== timer.state) return "stale";
  if (timer.kind === "notify") {
    if (!wf.onNotify || !timer.level) return "error:noNotifier";
    await wf.onNotify(tx, entity, timer.level, clock.now());
    await writeAudit(tx, actor, clock, [
      { action: `${wf.name}.warn`, entityType: wf.entityType, entityId: entity.id, orgPath: entity.path, after: { level: timer.level, status: entity.status } },
    ]);
    return "notified";
  }
  await applyToLoaded(tx, clock, wf, entity, timer.event, actor, { note: "timeout", data: { timerId: timer.id } });
  return "applied";
}

/**
 * Runs the sweeper every `intervalMs` in this process; returns a stop function. `tasks` are slower
 * housekeeping jobs (the orphan-upload sweep) that run after each sweep in the same chain, so they
 * never overlap it, and decide by their own clock whether they are due; one failing does not stop
 * the deadlines.
 */
export function startSweeper(
  deps: { db: Db; clock: Clock },
  workflows: readonly AnyWorkflow[],
  intervalMs = 30_000,
  tasks: readonly (() => Promise<unknown>)[] = [],
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(() => sweep(deps, workflows)).catch((err: unknown) => console.error("[sweeper]", err));
    for (const task of tasks) running = running.then(task).catch((err: unknown) => console.error("[sweeper] task", err));
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
