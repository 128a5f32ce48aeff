import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { AppError } from "../../platform/errors.js";
import { createJob, findJob, finishJob, isStale, reportProgress, type JobRow } from "../../platform/jobs.js";
import { authorize, covers, scopePaths, visiblePaths } from "../../authz/policy.js";
import type { RatingJobView } from "../../../common/contract/rating-results.contract.js";
import * as orgRepo from "../org/org.repo.js";
import { computeMembers } from "./rate-members.js";
import { computeVillages, type RateOutcome } from "./rate-villages.js";
import { writeResults, vacuumResults, type ResultWriteCounts } from "./results.repo.js";
import type { RatingDeps } from "./rating-deps.js";
import { loadScheme, schemeOf } from "./schemes.service.js";
import type { SchemeRow } from "./schemes.repo.js";

export const RATING_JOB = "rating.rate";

function view(job: JobRow, now: Date): RatingJobView {
  return { id: job.id, kind: job.kind, status: job.status, phase: job.phase, done: job.done, total: job.total, result: job.result ?? null, stale: isStale(job, now) };
}

/**
 * Runs the rating of a scope to its end: facts, engine, bulk write of the results and one audit
 * record in one transaction; progress is reported on the root handle between phases (never from
 * inside the transaction: PGlite has one connection).
 */
export async function runRating(deps: RatingDeps, actor: Actor, s: { scheme: SchemeRow; scopePath: string; jobId: string | null }): Promise<RateOutcome & { written: ResultWriteCounts }> {
  const scheme = schemeOf(s.scheme);
  const jobId = s.jobId;
  const progress = async (phase: string, done: number, total: number | null): Promise<void> => {
    if (jobId) await reportProgress(deps.db, jobId, { phase, done, total, now: deps.clock.now() });
  };
  // Reads and the engine run outside the write transaction so progress can be committed.
  const args = { schemeId: s.scheme.id, scheme, scopePath: s.scopePath };
  const out = scheme.programme === "memberStar" ? await computeMembers(deps, deps.db, args, progress) : await computeVillages(deps, deps.db, args, progress);
  await progress("write", 0, out.rows.length);
  const written = await deps.db.transaction(async (tx) => {
    const subjectKind = scheme.programme === "memberStar" ? "member" : "orgUnit";
    // Only changed results are written; subjects that left the scope lose theirs, refused ones keep theirs.
    const counts = await writeResults(tx, { schemeId: s.scheme.id, programme: scheme.programme, year: scheme.year, subjectKind, jobId, now: deps.clock.now(), scopePath: s.scopePath, keep: new Set(out.refused) }, out.rows);
    await writeAudit(tx, actor, deps.clock, [
      { action: "rating.rate", entityType: "ratingScheme", entityId: s.scheme.id, orgPath: s.scopePath, after: { rated: out.rated, failed: out.failed, jobId, written: counts.written, removed: counts.removed } },
    ]);
    return counts;
  });
  // Every row replaced or removed is a dead one until vacuumed; PGlite never does it by itself.
  // New rows and untouched ones leave nothing to vacuum.
  if (deps.vacuumAfterJob && written.replaced + written.removed > 0) await vacuumResults(deps.db);
  await progress("write", out.rows.length, out.rows.length);
  return { ...out, written };
}

/** Starts rating every subject of a published scheme under a unit; answers the job at once. */
export async function startRatingJob(deps: RatingDeps, actor: Actor, input: { schemeId: string; orgUnitId: string }): Promise<RatingJobView> {
  const scheme = await loadScheme(deps, actor, input.schemeId);
  if (scheme.status !== "published") throw new AppError("VALIDATION", { fields: { schemeId: { key: "rating.scheme.notPublished" } } });
  const unit = await orgRepo.findById(deps.db, input.orgUnitId);
  if (!unit) throw new AppError("NOT_FOUND");
  authorize(actor, "rating.approve", unit);
  // A scheme governs its issuer's subtree only: rating outside it is out of scope.
  if (!unit.path.startsWith(scheme.path)) throw new AppError("VALIDATION", { fields: { orgUnitId: { key: "error.NOT_FOUND" } } });
  const job = await createJob(deps.db, { kind: RATING_JOB, actorId: actor.kind === "user" ? actor.userId : null, orgPath: unit.path, now: deps.clock.now() });
  const run = async (): Promise<void> => {
    try {
      const out = await runRating(deps, actor, { scheme, scopePath: unit.path, jobId: job.id });
      await finishJob(deps.db, job.id, { status: "succeeded", result: { schemeId: scheme.id, rated: out.rated, failed: out.failed, written: out.written.written, removed: out.written.removed, failures: out.failures.slice(0, 5) }, now: deps.clock.now() });
    } catch (err) {
      console.error("[rating job]", err);
      await finishJob(deps.db, job.id, { status: "failed", result: { error: "internal" }, now: deps.clock.now() }).catch(() => undefined);
    }
  };
  void run();
  return view(job, deps.clock.now());
}

export async function getRatingJob(deps: RatingDeps, actor: Actor, id: string): Promise<RatingJobView> {
  const job = await findJob(deps.db, id);
  if (!job || job.kind !== RATING_JOB || !job.orgPath || !covers(visiblePaths(actor), job.orgPath) || !covers(scopePaths(actor, "rating.read"), job.orgPath)) {
    throw new AppError("NOT_FOUND");
  }
  return view(job, deps.clock.now());
}
