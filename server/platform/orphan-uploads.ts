import { opendir, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { inArray } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { appealAttachments, jobs, meetingAttachments, ratingEvidenceFiles } from "../db/schema/index.js";
import type { Clock } from "./clock.js";
import { classify, importJobId, orphans, ownerOf, type StoredFile, type UploadOwner } from "./orphan-uploads-rules.js";

export const ORPHAN_GRACE_MS = 24 * 3_600_000;
export const ORPHAN_SWEEP_EVERY_MS = 3_600_000;

export interface OrphanSweepResult {
  /** Files looked at. */
  scanned: number;
  /** Files deleted: old, in a known folder and named by no row, or old temporary files. */
  removed: number;
}

export interface OrphanDeps {
  db: Db;
  clock: Clock;
  uploadsDir: string;
}

/** Every file under `root`, depth first; folders that vanish mid-walk (another sweeper) are skipped. */
async function* walk(root: string, prefix = ""): AsyncGenerator<StoredFile> {
  let dir;
  try {
    dir = await opendir(prefix ? join(root, prefix) : root);
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT") return;
    throw err;
  }
  for await (const entry of dir) {
    const key = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) yield* walk(root, key);
    else if (entry.isFile()) {
      const s = await stat(join(root, key)).catch(() => null);
      if (s) yield { key, mtimeMs: s.mtimeMs };
    }
  }
}

/** The keys among `keys` (all of one folder) that a row names. */
async function referenced(db: Db, owner: UploadOwner, keys: string[]): Promise<string[]> {
  switch (owner) {
    case "appeals":
      return (await db.select({ k: appealAttachments.fileKey }).from(appealAttachments).where(inArray(appealAttachments.fileKey, keys))).map((r) => r.k);
    case "meetings":
      return (await db.select({ k: meetingAttachments.storageKey }).from(meetingAttachments).where(inArray(meetingAttachments.storageKey, keys))).map((r) => r.k);
    case "rating-evidence":
      return (await db.select({ k: ratingEvidenceFiles.storageKey }).from(ratingEvidenceFiles).where(inArray(ratingEvidenceFiles.storageKey, keys))).map((r) => r.k);
    case "imports": {
      // An import's error workbook belongs to its job row for as long as that row exists.
      const ids = [...new Set(keys.map(importJobId).filter((id): id is string => id !== null))];
      if (!ids.length) return [];
      const live = new Set((await db.select({ id: jobs.id }).from(jobs).where(inArray(jobs.id, ids))).map((r) => r.id.toLowerCase()));
      return keys.filter((k) => live.has(importJobId(k) ?? ""));
    }
  }
}

/**
 * Deletes upload files that a crash between writing the file and committing its row left behind:
 * files older than `graceMs` (so an upload in flight is never touched) that no row of
 * appeal_attachments, meeting_attachments, rating_evidence_files or jobs names, plus old
 * temporary files of interrupted writes. Files outside those folders are kept. The references
 * are read after the listing, so a row committed meanwhile still protects its file. Safe in
 * several processes at once: deleting a file another sweeper already deleted is not an error.
 * Empty folders are left: removing one could race a concurrent upload's mkdir.
 */
export async function sweepOrphanUploads(deps: OrphanDeps, opts: { graceMs?: number; batch?: number } = {}): Promise<OrphanSweepResult> {
  const root = resolve(deps.uploadsDir);
  const graceMs = opts.graceMs ?? ORPHAN_GRACE_MS;
  const batchSize = opts.batch ?? 500;
  const nowMs = deps.clock.now().getTime();
  const result: OrphanSweepResult = { scanned: 0, removed: 0 };
  const pending = new Map<UploadOwner, string[]>();
  const remove = async (keys: string[]): Promise<void> => {
    for (const key of keys) await rm(join(root, key), { force: true });
    result.removed += keys.length;
  };
  const flush = async (owner: UploadOwner): Promise<void> => {
    const keys = pending.get(owner) ?? [];
    pending.delete(owner);
    if (keys.length) await remove(orphans(keys, new Set(await referenced(deps.db, owner, keys))));
  };
  for await (const file of walk(root)) {
    result.scanned++;
    const verdict = classify(file, nowMs, graceMs);
    if (verdict === "partial") await remove([file.key]);
    const owner = verdict === "check" ? ownerOf(file.key) : null;
    if (!owner) continue;
    const keys = pending.get(owner) ?? [];
    keys.push(file.key);
    pending.set(owner, keys);
    if (keys.length >= batchSize) await flush(owner);
  }
  for (const owner of [...pending.keys()]) await flush(owner);
  return result;
}

/**
 * The orphan sweep as a task for the deadline sweeper's loop: each call runs the sweep when
 * `everyMs` has passed on `deps.clock` since the last run (the first call runs), otherwise
 * returns null at once. Logs the count of deleted files.
 */
export function orphanUploadsTask(
  deps: OrphanDeps & { log?: (msg: string) => void },
  opts: { everyMs?: number; graceMs?: number } = {},
): () => Promise<OrphanSweepResult | null> {
  const everyMs = opts.everyMs ?? ORPHAN_SWEEP_EVERY_MS;
  let last: number | null = null;
  return async () => {
    const now = deps.clock.now().getTime();
    if (last !== null && now - last < everyMs) return null;
    last = now;
    const r = await sweepOrphanUploads(deps, { graceMs: opts.graceMs });
    (deps.log ?? console.log)(`[uploads] orphan sweep: ${r.removed} of ${r.scanned} files removed`);
    return r;
  };
}
