import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ErrorBody, ErrorCode, MessageRef } from "../../common/errors.js";
import { translate, type Locale } from "../../common/i18n/index.js";
import { AppError, httpStatus } from "./errors.js";
import { RequestValidationError } from "./validation.js";
import { requestLocale } from "./http.js";

function localiseFields(locale: Locale, fields: Record<string, MessageRef> | undefined): Record<string, string> | undefined {
  if (!fields) return undefined;
  const out: Record<string, string> = {};
  for (const [name, ref] of Object.entries(fields)) out[name] = translate(locale, ref.key, ref.params);
  return out;
}

export function errorBody(locale: Locale, code: ErrorCode, message?: MessageRef, fields?: Record<string, MessageRef>): ErrorBody {
  const ref = message ?? { key: `error.${code}` };
  const localised = localiseFields(locale, fields);
  return { error: { code, message: translate(locale, ref.key, ref.params), ...(localised ? { fields: localised } : {}) } };
}

/** Maps fastify's own errors (parsing, limits) onto our codes. */
function fastifyErrorCode(err: FastifyError): ErrorCode | null {
  switch (err.code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return "UNSUPPORTED_MEDIA_TYPE";
    case "FST_ERR_CTP_BODY_TOO_LARGE":
    case "FST_REQ_FILE_TOO_LARGE":
    case "FST_FILES_LIMIT":
    case "FST_PARTS_LIMIT":
      return "PAYLOAD_TOO_LARGE";
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_INVALID_MULTIPART_CONTENT_TYPE":
      return "VALIDATION";
    default:
      break;
  }
  if (err.statusCode === 429) return "RATE_LIMITED";
  if (err instanceof SyntaxError && err.statusCode === 400) return "VALIDATION";
  if (err.statusCode === 413) return "PAYLOAD_TOO_LARGE";
  if (err.statusCode === 415) return "UNSUPPORTED_MEDIA_TYPE";
  return null;
}

/** One place turns every error into `{ error: { code, message, fields } }`; a 5xx hides details. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const locale = requestLocale(req);
    if (err instanceof AppError) {
      // A refusal that hides a library's exception (an unreadable upload) leaves the real error in
      // the log, so "无法读取该 Excel 文件" can be told apart from a bug in our reader.
      if (err.cause !== undefined) req.log.warn({ err: err.cause, code: err.code, message: err.messageRef.key }, "request refused");
      if (err.headers) void reply.headers(err.headers);
      return reply.code(httpStatus(err.code)).send(errorBody(locale, err.code, err.messageRef, err.fields));
    }
    if (err instanceof RequestValidationError) {
      return reply.code(400).send(errorBody(locale, "VALIDATION", undefined, err.fields));
    }
    const code = fastifyErrorCode(err);
    if (code) {
      if (code === "RATE_LIMITED" && err.statusCode === 429) {
        const retry = reply.getHeader("retry-after");
        if (retry) void reply.header("retry-after", retry);
      }
      return reply.code(httpStatus(code)).send(errorBody(locale, code));
    }
    req.log.error({ err }, "unhandled error");
    return reply.code(500).send(errorBody(locale, "INTERNAL"));
  });
}
