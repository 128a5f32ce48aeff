/**
 * Photos and a voice note added to an appeal by the people handling it (代办 / 主动发现 upload
 * them right after filing). The same checks as the residents' page — type by content, size
 * caps, EXIF location stripped — then the rows and the audit record in one transaction; the
 * files are written first and removed again if that transaction fails.
 */
import { randomUUID } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/client.js";
import { appealAttachments } from "../../db/schema/index.js";
import { authorize } from "../../authz/policy.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { AppError, fieldError } from "../../platform/errors.js";
import { MAX_PHOTOS, PHOTO_MAX_BYTES, VOICE_MAX_BYTES } from "../../../common/appeals.js";
import type { AppealDetail } from "../../../common/contract/appeals.contract.js";
import type { AppealsDeps } from "./appeals-deps.js";
import type { AppealWorkflow } from "./appeal-workflow.js";
import { appealDetail, readable } from "./appeals.service.js";
import * as repo from "./appeals.repo.js";
import { acceptPhoto, acceptVoice, uploadError } from "./resident/upload-errors.js";

/** At most one voice note per appeal. */
export const MAX_VOICE = 1;
/** The multipart parser's cap per file: the larger of the two limits; each kind is checked again. */
export const UPLOAD_PART_MAX_BYTES = Math.max(PHOTO_MAX_BYTES, VOICE_MAX_BYTES);

export interface AppealUploads {
  photos: Uint8Array[];
  voices: Uint8Array[];
}

/** Reads the multipart body: `photo` and `voice` files (other parts are ignored), each size-capped. */
export async function readAppealUploads(req: FastifyRequest): Promise<AppealUploads> {
  if (!req.isMultipart()) throw new AppError("UNSUPPORTED_MEDIA_TYPE", { message: { key: "upload.notMultipart" } });
  const out: AppealUploads = { photos: [], voices: [] };
  try {
    for await (const part of req.parts({ limits: { fileSize: UPLOAD_PART_MAX_BYTES, files: MAX_PHOTOS + MAX_VOICE, fields: 4, fieldSize: 1024 } })) {
      if (part.type !== "file") continue;
      const bytes = new Uint8Array(await part.toBuffer());
      if (part.fieldname === "photo") out.photos.push(bytes);
      else if (part.fieldname === "voice") out.voices.push(bytes);
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "FST_REQ_FILE_TOO_LARGE") throw uploadError("photo", "tooLarge");
    if (code === "FST_FILES_LIMIT") throw fieldError("photo", "upload.tooMany", { max: MAX_PHOTOS });
    throw err;
  }
  return out;
}

/** How many photos / voice notes a new batch may add to those already on the appeal; pure. */
export function attachmentProblem(existing: { photo: number; voice: number }, adding: { photo: number; voice: number }): AppError | null {
  if (adding.photo + adding.voice === 0) return fieldError("photo", "upload.none");
  if (existing.photo + adding.photo > MAX_PHOTOS) return fieldError("photo", "upload.tooMany", { max: MAX_PHOTOS });
  if (existing.voice + adding.voice > MAX_VOICE) return fieldError("voice", "upload.oneVoice");
  return null;
}

async function counts(db: AppealsDeps["db"], appealId: string): Promise<{ photo: number; voice: number }> {
  const rows = await queryRows<{ kind: "photo" | "voice"; n: number | string }>(
    db,
    sql`SELECT kind, count(*) AS n FROM appeal_attachments WHERE appeal_id = ${appealId} GROUP BY kind`,
  );
  const n = (k: "photo" | "voice") => Number(rows.find((r) => r.kind === k)?.n ?? 0);
  return { photo: n("photo"), voice: n("voice") };
}

/** Adds checked photos / a voice note to an appeal; `appeal.handle` over the appeal's unit, open appeals only. */
export async function addAttachments(deps: AppealsDeps, wf: AppealWorkflow, actor: Actor, id: string, up: AppealUploads): Promise<AppealDetail> {
  const row = await readable(deps.db, actor, id);
  authorize(actor, "appeal.handle", row);
  if (row.status === "closed" || row.status === "rejected") throw new AppError("CONFLICT", { message: { key: "appeal.attachClosed" } });
  const adding = { photo: up.photos.length, voice: up.voices.length };
  const early = attachmentProblem(await counts(deps.db, id), adding);
  if (early) throw early;
  const files: { kind: "photo" | "voice"; bytes: Uint8Array; type: string }[] = [];
  // Staff photos never keep their position: the appeal's location field says where it is.
  for (const p of up.photos) files.push({ kind: "photo", ...acceptPhoto(p, false) });
  for (const v of up.voices) files.push({ kind: "voice", ...acceptVoice(v) });
  const now = deps.clock.now();
  const stored: { kind: "photo" | "voice"; fileKey: string; mimeType: string; size: number; sha256: string }[] = [];
  try {
    for (const f of files) {
      const fileKey = `appeals/${now.toISOString().slice(0, 7)}/${randomUUID()}`;
      stored.push({ kind: f.kind, fileKey, mimeType: f.type, ...(await deps.files.put(fileKey, f.bytes)) });
    }
    await deps.db.transaction(async (tx) => {
      // The row lock serialises concurrent uploads, so the limits hold for the sum of them.
      const e = await repo.loadEntity(tx, id, true);
      if (!e) throw new AppError("NOT_FOUND");
      const problem = attachmentProblem(await counts(tx, id), adding);
      if (problem) throw problem;
      const rows = await tx
        .insert(appealAttachments)
        .values(stored.map((s) => ({ ...s, appealId: id, keepsLocation: false, createdAt: now })))
        .returning({ id: appealAttachments.id });
      await writeAudit(tx, actor, deps.clock, [
        {
          action: "appeal.attach",
          entityType: "appeal",
          entityId: id,
          orgPath: e.path,
          after: { attachments: rows.map((r) => r.id), photos: adding.photo, voice: adding.voice, sizes: stored.map((s) => s.size) },
        },
      ]);
    });
  } catch (err) {
    await Promise.all(stored.map((s) => deps.files.remove(s.fileKey).catch(() => undefined)));
    throw err;
  }
  return appealDetail(deps.db, wf, actor, id);
}
