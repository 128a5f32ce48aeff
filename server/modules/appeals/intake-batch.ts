/**
 * Group commit for residents' reports. PGlite has one connection and every statement costs
 * ~150 µs, and on PostgreSQL the audit chain's lock serialises writers anyway; so reports that
 * arrive while a transaction is running wait and are filed together in the next one by the one
 * filing path (`fileMany`, intake.service.ts) — the same handful of statements for 1 or 100
 * appeals. A lone report goes at once. Each report gets its own answer; if a whole batch fails
 * (a database error), each of its reports is filed alone so one cannot sink the others.
 */
import type { Actor } from "../../platform/actor.js";
import { AppError } from "../../platform/errors.js";
import type { AppealsDeps } from "./appeals-deps.js";
import type { AppealWorkflow } from "./appeal-workflow.js";
import { sweepFullBuckets, type DeviceLimit } from "../../platform/rate-buckets.js";
import { fileMany, type GridIntakeInput, type IntakeItem, type IntakeResult } from "./intake.service.js";

interface Waiting extends IntakeItem {
  resolve: (r: IntakeResult) => void;
  reject: (err: unknown) => void;
}

const YIELDS = 2;

function settle(w: Waiting, r: IntakeResult | AppError | undefined): void {
  if (r instanceof AppError) w.reject(r);
  else if (r) w.resolve(r);
  else w.reject(new AppError("INTERNAL"));
}

/** The per-process queue: `file()` resolves with the report's own result once its batch commits. */
export function createIntakeQueue(deps: AppealsDeps, wf: AppealWorkflow, deviceLimit?: DeviceLimit, maxBatch = 100) {
  const pending: Waiting[] = [];
  let running = false;
  let sweptAt = -Infinity;
  /** Once a window, the refilled buckets are deleted (best effort: filing never waits on it failing). */
  async function sweep(): Promise<void> {
    const now = deps.clock.now();
    if (!deviceLimit || now.getTime() - sweptAt < deviceLimit.windowMs) return;
    sweptAt = now.getTime();
    await sweepFullBuckets(deps.db, deviceLimit, now).catch((err: unknown) => console.error("[intake] bucket sweep failed", err));
  }
  async function drain(): Promise<void> {
    if (running) return;
    running = true;
    try {
      while (pending.length) {
        // PGlite answers in microtasks, so a running transaction starves the I/O callbacks that
        // parse other requests; let them run, so the reports that arrived join this batch.
        for (let i = 0; i < YIELDS; i++) await new Promise((r) => setImmediate(r));
        await sweep();
        const batch = pending.splice(0, maxBatch);
        try {
          const results = await fileMany(deps, wf, batch, deviceLimit);
          batch.forEach((w, i) => settle(w, results[i]));
        } catch {
          for (const w of batch) {
            try {
              settle(w, (await fileMany(deps, wf, [w], deviceLimit))[0]);
            } catch (err) {
              w.reject(err);
            }
          }
        }
      }
    } finally {
      running = false;
    }
  }
  return {
    /** Files one report; `device` is taken from the device limit's bucket, `perGridPerHour` checked per grid. */
    file(actor: Actor, input: GridIntakeInput, limits: { perGridPerHour?: number; device?: string } = {}): Promise<IntakeResult> {
      return new Promise<IntakeResult>((resolve, reject) => {
        pending.push({ actor, input, perGridPerHour: limits.perGridPerHour, device: limits.device, resolve, reject });
        void drain();
      });
    },
  };
}

export type IntakeQueue = ReturnType<typeof createIntakeQueue>;
