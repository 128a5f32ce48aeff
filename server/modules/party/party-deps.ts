import type { FastifyRequest } from "fastify";
import type { AppDeps } from "../../app.js";
import { fieldError } from "../../platform/errors.js";
import { localFileStore, type FileStore } from "../../platform/files.js";
import type { Upload } from "./attachments.service.js";

/** What every party service needs, built once from the app's dependencies. */
export interface PartyModuleDeps {
  db: AppDeps["db"];
  clock: AppDeps["clock"];
  secret: string;
  timeZone: string;
  files: FileStore;
}

export function partyModuleDeps(deps: AppDeps): PartyModuleDeps {
  return { db: deps.db, clock: deps.clock, secret: deps.config.secret, timeZone: deps.config.timeZone, files: localFileStore(deps.config.uploadsDir) };
}

/** The single file of a multipart request (field `file`), cut at `maxBytes`. */
export async function readUpload(req: FastifyRequest, maxBytes: number): Promise<Upload> {
  const file = await req.file({ limits: { fileSize: maxBytes, files: 1, fields: 4, parts: 5 } });
  if (!file) throw fieldError("file", "meeting.noFile");
  return { fileName: file.filename, mimeType: file.mimetype, stream: file.file, truncated: () => file.file.truncated };
}

