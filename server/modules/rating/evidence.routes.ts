import type { FastifyInstance, FastifyRequest } from "fastify";
import multipart from "@fastify/multipart";
import { ratingInputs } from "../../../common/contract/index.js";
import { ATTACHMENT_MAX_BYTES } from "../../../common/party.js";
import type { AppDeps } from "../../app.js";
import { fieldError } from "../../platform/errors.js";
import { localFileStore } from "../../platform/files.js";
import { registerEndpoint } from "../../platform/http.js";
import type { Upload } from "../party/attachments.service.js";
import * as evidence from "./evidence.service.js";

/**
 * The evidence file of a multipart request: the form field `indicator` must come before the
 * `file` part (the stream is consumed as it arrives, so later fields are not seen).
 */
async function readEvidenceUpload(req: FastifyRequest): Promise<Upload & { indicator: string | null }> {
  const file = await req.file({ limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 4, parts: 5 } });
  if (!file) throw fieldError("file", "meeting.noFile");
  const field = file.fields["indicator"];
  const one = Array.isArray(field) ? field[0] : field;
  const indicator = one && one.type === "field" && typeof one.value === "string" ? one.value.trim() : null;
  return { fileName: file.filename, mimeType: file.mimetype, stream: file.file, truncated: () => file.file.truncated, indicator: indicator || null };
}

/** Evidence uploads of the self-assessment, in their own scope so the multipart parser exists only here. */
export function registerEvidenceRoutes(app: FastifyInstance, appDeps: AppDeps): void {
  const deps: evidence.EvidenceDeps = { db: appDeps.db, clock: appDeps.clock, files: localFileStore(appDeps.config.uploadsDir) };
  void app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 4, parts: 5 } });
    registerEndpoint(scope, ratingInputs.uploadEvidence, async ({ actor, params, req }) => evidence.uploadEvidence(deps, actor, params.id, await readEvidenceUpload(req)));
    registerEndpoint(scope, ratingInputs.downloadEvidence, ({ actor, params }) => evidence.downloadEvidence(deps, actor, params.id, params.fileId));
    registerEndpoint(scope, ratingInputs.deleteEvidence, ({ actor, params }) => evidence.deleteEvidence(deps, actor, params.id, params.fileId));
  });
}
