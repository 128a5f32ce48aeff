import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { jobs, type JobStatus } from "../db/schema/index.js";

export type JobRow = typeof jobs.$inferSelect;

/**
 * Long-running work (imports) as rows any app process can report on: the process running a job
 * commits its progress every N items, outside the job's own write transaction, so polling from
 * the UI (or another process) sees it. A job whose process died stays `running` with an old
 * `updatedAt`; readers treat it as interrupted after {@link STALE_AFTER_MS}.
 */
export const STALE_AFTER_MS = 10 * 60_000;

export async function createJob(db: Db, j: { kind: string; actorId: string | null; orgPath: string | null; now: Date }): Promise<JobRow> {
  const [row] = await db
    .insert(jobs)
    .values({ kind: j.kind, status: "running", actorId: j.actorId, orgPath: j.orgPath, phase: "queued", createdAt: j.now, updatedAt: j.now })
    .returning();
  if (!row) throw new Error("job insert returned nothing");
  return row;
}

export async function reportProgress(db: Db, id: string, p: { phase: string; done: number; total: number | null; now: Date }): Promise<void> {
  await db.update(jobs).set({ phase: p.phase, done: p.done, total: p.total, updatedAt: p.now }).where(eq(jobs.id, id));
}

export async function finishJob(db: Db, id: string, f: { status: Exclude<JobStatus, "running">; result: unknown; now: Date }): Promise<void> {
  await db.update(jobs).set({ status: f.status, phase: "done", result: f.result, updatedAt: f.now, finishedAt: f.now }).where(eq(jobs.id, id));
}

export async function findJob(db: Db, id: string): Promise<JobRow | null> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row ?? null;
}

/** True when a running job has not reported for so long that its process must have died. */
export function isStale(job: JobRow, now: Date): boolean {
  return job.status === "running" && now.getTime() - job.updatedAt.getTime() > STALE_AFTER_MS;
}
