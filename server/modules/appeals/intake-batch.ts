/**
 * Group commit for residents' reports. PGlite has one connection and every statement costs
 * ~150 µs, and on PostgreSQL the audit chain's lock serialises writers anyway; so reports that
 * arrive while a transaction is running wait and are filed together in the next one by the one
 * filing path (`fileMany`, intake.service.ts) — the same handful of statements for 1 or 100
 * appeals. A lone report goes at once. Each report gets its own answer; if a whole batch fails
 * (a database error), each of its reports is filed alone so one cannot sink the others.
 * On PostgreSQL `maxInFlight` batches may run at once: while one waits on the audit lock or its
 * commit, the next does its look-ups and inserts. The per-grid limits and idempotency keys of
 * batches in flight are then kept in memory (intake-ledger.ts), since a batch cannot see another
 * batch's uncommitted appeals. PGlite has one connection: one batch at a time.
 */
import type { Actor } from "../../platform/actor.js";
import { AppError } from "../../platform/errors.js";
import type { AppealsDeps } from "./appeals-deps.js";
import type { AppealWorkflow } from "./appeal-workflow.js";
import { sweepFullBuckets, type DeviceLimit } from "../../platform/rate-buckets.js";
import { fileMany, type GridIntakeInput, type IntakeItem, type IntakeResult } from "./intake.service.js";
import { canPick, createIntakeLedger, pickBatch } from "./intake-ledger.js";

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
export function createIntakeQueue(deps: AppealsDeps, wf: AppealWorkflow, deviceLimit?: DeviceLimit, opts: { maxBatch?: number; maxInFlight?: number } = {}) {
  const maxBatch = opts.maxBatch ?? 100;
  const maxInFlight = opts.maxInFlight ?? 1;
  const pending: Waiting[] = [];
  const ledger = createIntakeLedger();
  /** Idempotency keys of the reports in the batches in flight. */
  const heldKeys = new Set<string>();
  let inFlight = 0;
  /** A batch is yielding before it takes its reports: the ones arriving meanwhile join it, not a new one. */
  let gathering = false;
  let sweptAt = -Infinity;
  /** Once a window, the refilled buckets are deleted (best effort: filing never waits on it failing). */
  async function sweep(): Promise<void> {
    const now = deps.clock.now();
    if (!deviceLimit || now.getTime() - sweptAt < deviceLimit.windowMs) return;
    sweptAt = now.getTime();
    await sweepFullBuckets(deps.db, deviceLimit, now).catch((err: unknown) => console.error("[intake] bucket sweep failed", err));
  }
  /** One transaction under its own ledger ticket; a rejection means nothing of it was committed. */
  async function fileUnder(items: Waiting[]): Promise<(IntakeResult | AppError)[]> {
    const ticket = ledger.begin();
    try {
      const results = await fileMany(deps, wf, items, deviceLimit, ticket);
      ticket.finish(true);
      return results;
    } catch (err) {
      ticket.finish(false);
      throw err;
    }
  }
  async function runBatch(): Promise<void> {
    // PGlite answers in microtasks, so a running transaction starves the I/O callbacks that
    // parse other requests; let them run, so the reports that arrived join this batch.
    gathering = true;
    let batch: Waiting[] = [];
    try {
      for (let i = 0; i < YIELDS; i++) await new Promise((r) => setImmediate(r));
      await sweep();
      batch = pickBatch(pending, heldKeys, maxBatch);
    } finally {
      gathering = false;
    }
    pump(); // what this batch left (held keys, past maxBatch) may go in another at once
    if (!batch.length) return;
    try {
      const results = await fileUnder(batch);
      batch.forEach((w, i) => settle(w, results[i]));
    } catch {
      for (const w of batch) {
        try {
          settle(w, (await fileUnder([w]))[0]);
        } catch (err) {
          w.reject(err);
        }
      }
    } finally {
      for (const w of batch) if (w.input.idempotencyKey !== undefined) heldKeys.delete(w.input.idempotencyKey);
    }
  }
  function pump(): void {
    while (!gathering && inFlight < maxInFlight && canPick(pending, heldKeys)) {
      inFlight++;
      void runBatch().finally(() => {
        inFlight--;
        pump();
      });
    }
  }
  return {
    /** Files one report; `device` is taken from the device limit's bucket, `perGridPerHour` checked per grid. */
    file(actor: Actor, input: GridIntakeInput, limits: { perGridPerHour?: number; device?: string } = {}): Promise<IntakeResult> {
      return new Promise<IntakeResult>((resolve, reject) => {
        pending.push({ actor, input, perGridPerHour: limits.perGridPerHour, device: limits.device, resolve, reject });
        pump();
      });
    },
  };
}

export type IntakeQueue = ReturnType<typeof createIntakeQueue>;
