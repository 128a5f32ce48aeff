import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { ratingEvidenceFiles } from "../../db/schema/index.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import type { Clock } from "../../platform/clock.js";
import { AppError, fieldError } from "../../platform/errors.js";
import type { FileStore } from "../../platform/files.js";
import { authorize, covers, visiblePaths } from "../../authz/policy.js";
import type { FileDownload } from "../../../common/contract/endpoint.js";
import type { AssessmentDetail } from "../../../common/contract/rating.contract.js";
import { storeUpload, type Upload } from "../party/attachments.service.js";
import { assessmentDetailOf } from "./assessments.service.js";
import * as repo from "./assessments.repo.js";
import { findScheme } from "./schemes.repo.js";
import { schemeOf } from "./schemes.service.js";

/** What the evidence services need: the rating deps plus the file store. */
export interface EvidenceDeps {
  db: Db;
  clock: Clock;
  files: FileStore;
}

/**
 * An assessment the actor may act on as the village (rating.selfAssess on it, still in
 * self-assessment). Outside the actor's sight → NOT_FOUND; visible but not theirs → FORBIDDEN.
 */
async function selfAssessing(db: Db, actor: Actor, id: string): Promise<repo.AssessmentRow> {
  const r = await repo.findAssessment(db, id);
  if (!r || actor.kind !== "user" || !covers(visiblePaths(actor), r.path)) throw new AppError("NOT_FOUND");
  authorize(actor, "rating.read", r);
  authorize(actor, "rating.selfAssess", r);
  if (r.status !== "selfAssess") throw new AppError("CONFLICT", { message: { key: "rating.evidence.notSelfAssess" } });
  return r;
}

/** The indicator must be a manual indicator of the assessment's scheme that takes evidence. */
async function checkIndicator(db: Db, r: repo.AssessmentRow, indicator: string): Promise<void> {
  const row = await findScheme(db, r.scheme_id);
  if (!row) throw new AppError("NOT_FOUND");
  const ind = schemeOf(row).dimensions.flatMap((d) => d.indicators).find((i) => i.code === indicator);
  if (!ind) throw fieldError("indicator", "rating.evidence.unknownIndicator", { indicator });
  if (ind.evidence === "none") throw fieldError("indicator", "rating.evidence.noEvidence", { indicator });
}

/**
 * Stores an evidence file for one indicator (PDF, JPG, PNG, Word, Excel; ≤ 10 MB) with the
 * meetings' content checks: the first bytes must match the claimed type. The row and its audit
 * record are one transaction; the stored file is removed when anything after the write fails.
 */
export async function uploadEvidence(deps: EvidenceDeps, actor: Actor, id: string, upload: Upload & { indicator: string | null }): Promise<AssessmentDetail> {
  const r = await selfAssessing(deps.db, actor, id);
  if (!upload.indicator) throw fieldError("indicator", "rating.evidence.noIndicator");
  await checkIndicator(deps.db, r, upload.indicator);
  const stored = await storeUpload(deps.files, `rating-evidence/${r.id}`, upload, "evidence");
  const { key, fileName } = stored;
  const indicator = upload.indicator;
  try {
    return await deps.db.transaction(async (tx) => {
      // Re-checked under the row lock: a submit racing the upload must not leave a file on a submitted assessment.
      const [locked] = await queryRows<{ status: string }>(tx, sql`SELECT status FROM rating_assessments WHERE id = ${r.id} FOR UPDATE`);
      if (locked?.status !== "selfAssess") throw new AppError("CONFLICT", { message: { key: "rating.evidence.notSelfAssess" } });
      const now = deps.clock.now();
      const [row] = await tx
        .insert(ratingEvidenceFiles)
        .values({ assessmentId: r.id, indicator, fileName, contentType: upload.mimeType, sizeBytes: stored.size, storageKey: key, sha256: stored.sha256, createdBy: actor.kind === "user" ? actor.userId : null, createdAt: now })
        .returning({ id: ratingEvidenceFiles.id });
      if (!row) throw new AppError("INTERNAL");
      await tx.execute(sql`UPDATE rating_assessments SET updated_at = ${now} WHERE id = ${r.id}`);
      await writeAudit(tx, actor, deps.clock, [
        { action: "rating.evidence", entityType: "ratingAssessment", entityId: r.id, orgPath: r.path, after: { fileId: row.id, indicator, fileName, size: stored.size, sha256: stored.sha256 } },
      ]);
      return assessmentDetailOf(tx, actor, r.id);
    });
  } catch (err) {
    await deps.files.remove(key);
    throw err;
  }
}

/** An evidence file for whoever may read the assessment (the village, its town and district). */
export async function downloadEvidence(deps: EvidenceDeps, actor: Actor, id: string, fileId: string): Promise<FileDownload> {
  const r = await repo.findAssessment(deps.db, id);
  if (!r || actor.kind !== "user" || !covers(visiblePaths(actor), r.path)) throw new AppError("NOT_FOUND");
  authorize(actor, "rating.read", r);
  const [f] = await queryRows<{ fileName: string; contentType: string; storageKey: string }>(
    deps.db,
    sql`SELECT file_name AS "fileName", content_type AS "contentType", storage_key AS "storageKey" FROM rating_evidence_files WHERE id = ${fileId} AND assessment_id = ${r.id}`,
  );
  if (!f) throw new AppError("NOT_FOUND");
  const body = await deps.files.get(f.storageKey);
  if (!body) throw new AppError("NOT_FOUND");
  return { fileName: f.fileName, contentType: f.contentType, body };
}

/** Removes an evidence file while the village still assesses itself; the bytes go after the commit. */
export async function deleteEvidence(deps: EvidenceDeps, actor: Actor, id: string, fileId: string): Promise<AssessmentDetail> {
  const r = await selfAssessing(deps.db, actor, id);
  const { detail, key } = await deps.db.transaction(async (tx) => {
    const [locked] = await queryRows<{ status: string }>(tx, sql`SELECT status FROM rating_assessments WHERE id = ${r.id} FOR UPDATE`);
    if (locked?.status !== "selfAssess") throw new AppError("CONFLICT", { message: { key: "rating.evidence.notSelfAssess" } });
    const [gone] = await queryRows<{ storageKey: string; fileName: string; indicator: string }>(
      tx,
      sql`DELETE FROM rating_evidence_files WHERE id = ${fileId} AND assessment_id = ${r.id} RETURNING storage_key AS "storageKey", file_name AS "fileName", indicator`,
    );
    if (!gone) throw new AppError("NOT_FOUND");
    await tx.execute(sql`UPDATE rating_assessments SET updated_at = ${deps.clock.now()} WHERE id = ${r.id}`);
    await writeAudit(tx, actor, deps.clock, [
      { action: "rating.evidenceRemoved", entityType: "ratingAssessment", entityId: r.id, orgPath: r.path, before: { fileId, indicator: gone.indicator, fileName: gone.fileName } },
    ]);
    return { detail: await assessmentDetailOf(tx, actor, r.id), key: gone.storageKey };
  });
  await deps.files.remove(key);
  return detail;
}
