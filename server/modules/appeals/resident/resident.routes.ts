import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import multipart from "@fastify/multipart";
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { MAX_PHOTOS, PHOTO_MAX_BYTES } from "../../../../common/appeals.js";
import { translate } from "../../../../common/i18n/index.js";
import { AppError, httpStatus } from "../../../platform/errors.js";
import { errorBody } from "../../../platform/error-handler.js";
import type { AppealsDeps } from "../appeals-deps.js";
import type { AppealWorkflow } from "../appeal-workflow.js";
import { errorPage, formPage, trackLookupPage, trackPage } from "./pages.js";
import { cspWithScriptHash } from "./inline-script.js";
import { formModel, gridForToken, intakeGridCache, residentFeedback, submitReport, trackModel, type SubmittedForm } from "./resident.service.js";
import { findGridByCode } from "../grids.repo.js";
import { createIntakeQueue } from "../intake-batch.js";
import { rateLimited } from "../intake-checks.js";
import { takeDeviceTokens } from "../../../platform/rate-buckets.js";

const DEVICE_COOKIE = "zx_dev";
const FEEDBACK_LIMIT = { capacity: 20, windowMs: 600_000 };

export interface IntakeLimits {
  perDevicePer10Min: number;
  perGridPerHour: number;
}
export const DEFAULT_INTAKE_LIMITS: IntakeLimits = { perDevicePer10Min: 5, perGridPerHour: 60 };

const wantsGzip = (req: FastifyRequest) => /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
const wantsJson = (req: FastifyRequest) => String(req.headers.accept ?? "").includes("application/json");

/**
 * Sends a page, gzipped when the browser accepts it (the ≤ 30 KB budget is for the compressed page).
 * A page with the inline script gets its hash added to the CSP (`withScript`).
 */
function sendHtml(req: FastifyRequest, reply: FastifyReply, status: number, html: string, withScript = false): FastifyReply {
  const csp = reply.getHeader("content-security-policy");
  if (withScript && typeof csp === "string") void reply.header("content-security-policy", cspWithScriptHash(csp));
  void reply.code(status).header("content-type", "text/html; charset=utf-8").header("cache-control", "no-store").header("vary", "accept-encoding");
  if (wantsGzip(req)) return reply.header("content-encoding", "gzip").send(gzipSync(html));
  return reply.send(html);
}

function deviceKey(req: FastifyRequest): string {
  const dev = req.cookies[DEVICE_COOKIE];
  return dev && /^[A-Za-z0-9_-]{16,32}$/.test(dev) ? `d:${dev}` : `ip:${req.ip}`;
}

function message(err: AppError): string {
  return translate("zh-CN", err.messageRef.key, err.messageRef.params);
}

/** Reads the multipart form: text fields, up to 3 photos and one voice note, each size-capped. */
async function readForm(req: FastifyRequest): Promise<SubmittedForm> {
  const form: SubmittedForm = { fields: {}, photos: [], voice: null };
  if (!req.isMultipart()) throw new AppError("UNSUPPORTED_MEDIA_TYPE");
  try {
    for await (const part of req.parts({ limits: { fileSize: PHOTO_MAX_BYTES, files: MAX_PHOTOS + 2, fields: 20, fieldSize: 8192 } })) {
      if (part.type === "file") {
        const bytes = new Uint8Array(await part.toBuffer());
        if (part.fieldname === "photo") {
          if (bytes.length > 0) form.photos.push(bytes);
        } else if (part.fieldname === "voice") {
          if (bytes.length > 0) form.voice = bytes;
        }
      } else if (typeof part.value === "string") {
        form.fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "FST_REQ_FILE_TOO_LARGE") {
      throw new AppError("PAYLOAD_TOO_LARGE", { message: { key: "upload.tooLarge", params: { max: Math.round(PHOTO_MAX_BYTES / 1048576) } } });
    }
    if (code === "FST_FILES_LIMIT") throw new AppError("VALIDATION", { message: { key: "upload.tooMany", params: { max: MAX_PHOTOS } } });
    throw err;
  }
  return form;
}

/**
 * The residents' pages (the signboard QR target) and their form posts: public, server-rendered,
 * rate-limited per device (a cookie, else the address) and per grid (in the database, so every
 * process shares it).
 */
export async function registerResidentPages(
  app: FastifyInstance,
  deps: AppealsDeps,
  wf: AppealWorkflow,
  limits: IntakeLimits = DEFAULT_INTAKE_LIMITS,
  batchesInFlight = 1,
): Promise<void> {
  // Reports arriving while one is being filed are filed together (group commit, intake-batch.ts).
  const queue = createIntakeQueue(deps, wf, { capacity: limits.perDevicePer10Min, windowMs: 600_000 }, { maxInFlight: batchesInFlight });
  const intakeGridForToken = intakeGridCache();
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: PHOTO_MAX_BYTES, files: MAX_PHOTOS + 2, fields: 20 } });
    const access = { public: true as const };

    scope.get("/r/track", { config: { access } }, (req, reply) => sendHtml(req, reply, 200, trackLookupPage()));
    scope.get<{ Querystring: { code?: string } }>("/r/track/find", { config: { access } }, (req, reply) => {
      const code = String(req.query.code ?? "").trim().toUpperCase();
      return reply.redirect(`/r/track/${encodeURIComponent(code)}`, 303);
    });

    scope.get<{ Params: { code: string }; Querystring: { new?: string } }>("/r/track/:code", { config: { access } }, async (req, reply) => {
      try {
        return sendHtml(req, reply, 200, trackPage(await trackModel(deps, req.params.code, req.query.new === "1")));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        return sendHtml(req, reply, httpStatus(err.code), trackLookupPage("找不到该回执编号，请核对后再查"));
      }
    });

    scope.post<{ Params: { code: string } }>(
      "/r/track/:code",
      { config: { access } },
      async (req, reply) => {
        try {
          // 20 confirmations or reopen requests per device per 10 minutes, in the same database buckets.
          const bucket = `fb:${deviceKey(req)}`;
          const granted = await takeDeviceTokens(deps.db, new Map([[bucket, 1]]), FEEDBACK_LIMIT, deps.clock.now());
          if ((granted.get(bucket) ?? 0) < 1) throw rateLimited();
          const form = await readForm(req);
          await residentFeedback(deps, wf, req.params.code, form.fields);
          return reply.redirect(`/r/track/${encodeURIComponent(req.params.code.toUpperCase())}`, 303);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          const model = await trackModel(deps, req.params.code, false).catch(() => null);
          if (!model) return sendHtml(req, reply, 404, trackLookupPage("找不到该回执编号，请核对后再查"));
          return sendHtml(req, reply, httpStatus(err.code), trackPage({ ...model, error: message(err) }));
        }
      },
    );

    scope.get<{ Params: { code: string }; Querystring: { t?: string } }>("/r/:code", { config: { access } }, async (req, reply) => {
      try {
        const token = String(req.query.t ?? "");
        const grid = await gridForToken(deps, req.params.code, token);
        if (!req.cookies[DEVICE_COOKIE]) {
          void reply.setCookie(DEVICE_COOKIE, randomBytes(16).toString("base64url"), { path: "/r", httpOnly: true, sameSite: "lax", maxAge: 365 * 86400 });
        }
        return sendHtml(req, reply, 200, formPage(await formModel(deps, grid, token)), true);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        return sendHtml(req, reply, httpStatus(err.code), errorPage("无法打开", message(err)));
      }
    });

    // The per-device limit is a token bucket in the database, taken in the filing transaction
    // (platform/rate-buckets.ts): it survives restarts and is shared by every app process.
    scope.post<{ Params: { code: string } }>(
      "/r/:code",
      { config: { access } },
      async (req, reply) => {
        let form: SubmittedForm | null = null;
        let grid: Awaited<ReturnType<ReturnType<typeof intakeGridCache>>> | null = null;
        try {
          form = await readForm(req);
          grid = await intakeGridForToken(deps, req.params.code, form.fields.t ?? "");
          const r = await submitReport(deps, queue, grid, form, { perGridPerHour: limits.perGridPerHour, device: deviceKey(req) });
          const url = `/r/track/${r.trackingCode}?new=1`;
          if (wantsJson(req)) return reply.code(r.duplicate ? 200 : 201).send({ trackingCode: r.trackingCode, url, duplicate: r.duplicate });
          return reply.redirect(url, 303);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          const status = httpStatus(err.code);
          if (wantsJson(req)) return reply.code(status).send(errorBody("zh-CN", err.code, err.messageRef, err.fields));
          if (!grid || !form) return sendHtml(req, reply, status, errorPage("无法提交", message(err)));
          const fieldMsg = err.fields ? Object.values(err.fields)[0] : undefined;
          const full = await findGridByCode(deps.db, grid.code);
          if (!full) return sendHtml(req, reply, status, errorPage("无法提交", message(err)));
          const model = await formModel(deps, full, form.fields.t ?? "");
          const text = fieldMsg ? translate("zh-CN", fieldMsg.key, { field: "", ...fieldMsg.params }) : message(err);
          return sendHtml(req, reply, status, formPage({
            ...model,
            idempotencyKey: form.fields.key ?? model.idempotencyKey,
            error: text,
            values: { categoryId: form.fields.category, description: form.fields.description, phone: form.fields.phone, locationText: form.fields.locationText },
          }), true);
        }
      },
    );
  });
}
