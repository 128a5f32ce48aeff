import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { meetingAttachments } from "../../db/schema/index.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import type { Clock } from "../../platform/clock.js";
import { AppError } from "../../platform/errors.js";
import type { FileStore } from "../../platform/files.js";
import { authorize } from "../../authz/policy.js";
import type { FileDownload } from "../../../common/contract/endpoint.js";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from "../../../common/party.js";
import * as repo from "./meetings.repo.js";

/** An upload as the route hands it over: the client's name and type, and the byte stream. */
export interface Upload {
  fileName: string;
  mimeType: string;
  stream: AsyncIterable<Uint8Array>;
  /** True once the stream hit the size limit (the multipart parser cut it). */
  truncated(): boolean;
}

/** The first bytes each allowed type must start with; the client's claimed type is not trusted. */
export const MAGIC: Record<string, number[]> = {
  pdf: [0x25, 0x50, 0x44, 0x46],
  jpg: [0xff, 0xd8, 0xff],
  png: [0x89, 0x50, 0x4e, 0x47],
  docx: [0x50, 0x4b, 0x03, 0x04],
  xlsx: [0x50, 0x4b, 0x03, 0x04],
};

export const badType = (): AppError => new AppError("UNSUPPORTED_MEDIA_TYPE", { message: { key: "meeting.attachmentType" } });
export const tooLarge = (maxBytes: number): AppError =>
  new AppError("PAYLOAD_TOO_LARGE", { message: { key: "meeting.attachmentTooLarge", params: { max: Math.round(maxBytes / 1024 / 1024) } } });

/** Passes the stream through once its first bytes match the expected signature. */
export async function* checked(stream: AsyncIterable<Uint8Array>, magic: number[]): AsyncGenerator<Uint8Array> {
  let first = true;
  for await (const chunk of stream) {
    if (first) {
      first = false;
      if (chunk.length < magic.length || magic.some((b, i) => chunk[i] !== b)) throw badType();
    }
    yield chunk;
  }
  if (first) throw badType();
}

/** A checked upload in the file store: its key, size, digest, extension and a safe display name. */
export interface StoredUpload {
  key: string;
  ext: string;
  size: number;
  sha256: string;
  fileName: string;
}

/**
 * Stores an attachment (PDF, JPG, PNG, Word, Excel; ≤ 10 MB) under `${prefix}/<uuid>.<ext>`,
 * checking the file's first bytes rather than the type the browser claims; a refused or cut-off
 * file is removed again. Meetings' minutes and rating evidence share it. The caller writes its
 * row and audit record, and removes `key` if that transaction fails.
 */
export async function storeUpload(files: FileStore, prefix: string, upload: Upload, fallbackName: string): Promise<StoredUpload> {
  const ext = ATTACHMENT_TYPES[upload.mimeType];
  if (!ext) throw badType();
  const key = `${prefix}/${randomUUID()}.${ext}`;
  let stored: { size: number; sha256: string };
  try {
    stored = await files.put(key, checked(upload.stream, MAGIC[ext] ?? []));
  } catch (err) {
    await files.remove(key);
    if (err instanceof AppError) throw err;
    if ((err as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge(ATTACHMENT_MAX_BYTES);
    throw err;
  }
  if (upload.truncated()) {
    await files.remove(key);
    throw tooLarge(ATTACHMENT_MAX_BYTES);
  }
  const fileName = upload.fileName.replace(/[\\/\p{C}]/gu, "_").slice(0, 200) || `${fallbackName}.${ext}`;
  return { key, ext, ...stored, fileName };
}

export async function listAttachments(db: Db, meetingId: string) {
  const rows = await queryRows<{ id: string; fileName: string; contentType: string; sizeBytes: number; createdAt: Date | string }>(
    db,
    sql`SELECT id, file_name AS "fileName", content_type AS "contentType", size_bytes AS "sizeBytes", created_at AS "createdAt"
      FROM meeting_attachments WHERE meeting_id = ${meetingId} ORDER BY created_at, id`,
  );
  return rows.map((r) => ({ ...r, sizeBytes: Number(r.sizeBytes), createdAt: new Date(r.createdAt).toISOString() }));
}

/**
 * Stores an attachment of a meeting's minutes (PDF, JPG, PNG, Word, Excel; ≤ 10 MB), checking
 * the file's first bytes rather than the type the browser claims.
 */
export async function uploadAttachment(
  deps: { db: Db; clock: Clock; files: FileStore },
  actor: Actor,
  meetingId: string,
  upload: Upload,
) {
  const meeting = await repo.findMeeting(deps.db, meetingId);
  if (!meeting) throw new AppError("NOT_FOUND");
  authorize(actor, "party.manage", meeting);
  const stored = await storeUpload(deps.files, `meetings/${meeting.id}`, upload, "attachment");
  const { key, fileName } = stored;
  try {
    return await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      const [row] = await tx
        .insert(meetingAttachments)
        .values({
          meetingId: meeting.id,
          fileName,
          contentType: upload.mimeType,
          sizeBytes: stored.size,
          storageKey: key,
          sha256: stored.sha256,
          createdBy: actor.kind === "user" ? actor.userId : null,
          createdAt: now,
        })
        .returning();
      if (!row) throw new AppError("INTERNAL");
      await writeAudit(tx, actor, deps.clock, [
        { action: "meeting.attach", entityType: "meeting", entityId: meeting.id, orgPath: meeting.path, after: { attachmentId: row.id, fileName, size: stored.size, sha256: stored.sha256 } },
      ]);
      return { id: row.id, fileName, contentType: row.contentType, sizeBytes: row.sizeBytes, createdAt: row.createdAt.toISOString() };
    });
  } catch (err) {
    await deps.files.remove(key);
    throw err;
  }
}

export async function downloadAttachment(
  deps: { db: Db; files: FileStore },
  actor: Actor,
  meetingId: string,
  attachmentId: string,
): Promise<FileDownload> {
  const meeting = await repo.findMeeting(deps.db, meetingId);
  if (!meeting) throw new AppError("NOT_FOUND");
  authorize(actor, "party.read", meeting);
  const [a] = await queryRows<{ fileName: string; contentType: string; storageKey: string }>(
    deps.db,
    sql`SELECT file_name AS "fileName", content_type AS "contentType", storage_key AS "storageKey"
      FROM meeting_attachments WHERE id = ${attachmentId} AND meeting_id = ${meeting.id}`,
  );
  if (!a) throw new AppError("NOT_FOUND");
  const body = await deps.files.get(a.storageKey);
  if (!body) throw new AppError("NOT_FOUND");
  return { fileName: a.fileName, contentType: a.contentType, body };
}
