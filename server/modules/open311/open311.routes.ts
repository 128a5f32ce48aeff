import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { open311 } from "../../../common/contract/index.js";
import type { AppDeps } from "../../app.js";
import { registerEndpoint, requestLocale } from "../../platform/http.js";
import { AppError, httpStatus } from "../../platform/errors.js";
import { translate } from "../../../common/i18n/index.js";
import { appealsDeps } from "../appeals/appeals-deps.js";
import { appealWorkflow } from "../appeals/appeal-workflow.js";
import { CONTENT_TYPES, parseFile, render, renderErrors, type Open311Format, type XmlValue } from "./open311-format.js";
import { issueKey, listKeys, revokeKey } from "./open311-keys.js";
import { apiKeyBucket, DEFAULT_OPEN311_LIMITS, ipBucket, open311Sweeper, takeOpen311 } from "./open311-limits.js";
import * as service from "./open311.service.js";
import { Open311Error, type Params } from "./open311.service.js";

/** Request arguments as strings: the query, plus a form (or JSON) body on POST. */
function params(req: FastifyRequest): Params {
  const out: Params = {};
  const add = (o: unknown) => {
    if (!o || typeof o !== "object") return;
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
      if (typeof v === "string") out[k] = v;
      else if (typeof v === "number" || typeof v === "boolean") out[k] = String(v);
    }
  };
  add(req.query);
  add(req.body);
  return out;
}

/** The format asked for by the last path segment; XML (the spec's required one) when unclear. */
function formatOf(req: FastifyRequest): Open311Format {
  const last = req.url.split("?")[0]?.split("/").pop() ?? "";
  return parseFile(last)?.format ?? "xml";
}

function file(raw: string): { name: string; format: Open311Format } {
  const f = parseFile(raw);
  if (!f) throw new Open311Error(404, "append .json or .xml to the resource");
  return f;
}

/** Our routes under the prefix, by shape: a file at the root, or one below a resource. */
const ROOT_METHODS = ["GET", "HEAD", "POST"];
const NESTED = new Set(["services", "requests", "tokens"]);

/** The methods a path under /open311/v2 answers, or null when no route has that shape (404). */
export function allowedMethods(pathUnderPrefix: string): string[] | null {
  const parts = pathUnderPrefix.split("/").filter(Boolean);
  if (parts.length === 1) return ROOT_METHODS;
  if (parts.length === 2 && NESTED.has(parts[0] ?? "")) return ["GET", "HEAD"];
  return null;
}

/** The spec's errors body with its status, in the format the request asked for. */
function sendError(req: FastifyRequest, reply: FastifyReply, status: number, description: string): FastifyReply {
  const format = formatOf(req);
  return reply.code(status).header("content-type", CONTENT_TYPES[format]).header("cache-control", "no-store").send(renderErrors(format, [{ code: status, description }]));
}

function send(reply: FastifyReply, format: Open311Format, root: string, value: XmlValue): FastifyReply {
  return reply.code(200).header("content-type", CONTENT_TYPES[format]).header("cache-control", "no-store").send(render(format, root, value));
}

/**
 * Open311 GeoReport v2 at /open311/v2 (CIVIC §3.1), outside /api: public routes (the spec's
 * reads need no key; POST checks its api_key itself), form-encoded bodies, errors in the spec's
 * `errors` body and codes. Admins issue and revoke keys through /api/v1/open311/keys.
 */
export async function registerOpen311Module(app: FastifyInstance, appDeps: AppDeps): Promise<void> {
  const deps = appealsDeps(appDeps);
  const wf = appealWorkflow({ timeZone: appDeps.config.timeZone });
  const changeset = appDeps.clock.now();
  const keyDeps = { db: deps.db, clock: deps.clock, secret: deps.secret };
  const limits = appDeps.config.open311Limits ?? DEFAULT_OPEN311_LIMITS;
  const sweep = open311Sweeper(deps.db);
  registerEndpoint(app, open311.listOpen311Keys, ({ actor }) => listKeys(keyDeps, actor));
  registerEndpoint(app, open311.issueOpen311Key, ({ actor, body }) => issueKey(keyDeps, actor, body));
  registerEndpoint(app, open311.revokeOpen311Key, ({ actor, params: p }) => revokeKey(keyDeps, actor, p.id));

  await app.register(
    async (scope) => {
      scope.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 64 * 1024 }, (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      });
      scope.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
        const format = formatOf(req);
        let status: number;
        let description: string;
        if (err instanceof Open311Error) {
          status = err.status;
          description = err.description;
        } else if (err instanceof AppError) {
          status = httpStatus(err.code) === 404 ? 404 : httpStatus(err.code) === 403 ? 403 : 400;
          description = translate(requestLocale(req), err.messageRef.key, err.messageRef.params);
        } else if (err.statusCode && err.statusCode < 500) {
          // Fastify's own: unparsable body, unsupported content type, body too large.
          status = 400;
          description = err.message;
        } else {
          req.log.error(err);
          status = 500;
          description = "internal error";
        }
        return reply.code(status).header("content-type", CONTENT_TYPES[format]).send(renderErrors(format, [{ code: status, description }]));
      });
      // Every request counts against its address; one carrying an api_key also against the key
      // (checked after the body is parsed: POST sends the key in the form). Unknown URLs count too.
      const refuse = (req: FastifyRequest, reply: FastifyReply, limit: number, retryAfterSeconds: number) =>
        sendError(req, reply.header("retry-after", String(retryAfterSeconds)), 429, translate(requestLocale(req), "open311.rateLimited", { limit, seconds: retryAfterSeconds }));
      scope.addHook("onRequest", async (req, reply) => {
        const now = deps.clock.now();
        await sweep(now);
        const d = await takeOpen311(deps.db, ipBucket(req.ip), limits.perIpPerMinute, now);
        if (!d.ok) return refuse(req, reply, limits.perIpPerMinute, d.retryAfterSeconds);
      });
      scope.addHook("preHandler", async (req, reply) => {
        const key = params(req).api_key;
        if (!key) return;
        const d = await takeOpen311(deps.db, apiKeyBucket(key), limits.perKeyPerMinute, deps.clock.now());
        if (!d.ok) return refuse(req, reply, limits.perKeyPerMinute, d.retryAfterSeconds);
      });
      // Unknown URLs and wrong methods answer the spec's errors body too, not the app's JSON error.
      scope.setNotFoundHandler((req, reply) => {
        const path = (req.url.split("?")[0] ?? "").slice("/open311/v2".length);
        const allow = allowedMethods(path);
        const locale = requestLocale(req);
        const url = req.url.split("?")[0] ?? "";
        if (allow && !allow.includes(req.method)) {
          return sendError(req, reply.header("allow", allow.join(", ")), 405, translate(locale, "open311.methodNotAllowed", { url, method: req.method, allow: allow.join(", ") }));
        }
        return sendError(req, reply, 404, translate(locale, "open311.notFound", { url }));
      });
      const config = { access: { public: true as const } };
      const base = appDeps.config.publicBaseUrl;

      scope.get<{ Params: { file: string } }>("/:file", { config }, async (req, reply) => {
        const f = file(req.params.file);
        const p = params(req);
        if (f.name === "discovery") return send(reply, f.format, "discovery", service.discovery(base, changeset));
        if (f.name === "services") return send(reply, f.format, "services", await service.services(deps.db, p, requestLocale(req)));
        if (f.name === "requests") return send(reply, f.format, "service_requests", await service.listRequests(deps, p));
        throw new Open311Error(404, `unknown resource ${f.name}`);
      });
      scope.post<{ Params: { file: string } }>("/:file", { config }, async (req, reply) => {
        const f = file(req.params.file);
        if (f.name !== "requests") throw new Open311Error(404, `unknown resource ${f.name}`);
        return send(reply, f.format, "service_requests", await service.createRequest(deps, wf, params(req), requestLocale(req)));
      });
      scope.get<{ Params: { file: string } }>("/services/:file", { config }, async (req, reply) => {
        const f = file(req.params.file);
        return send(reply, f.format, "service_definition", await service.serviceDefinition(deps.db, f.name, params(req)));
      });
      scope.get<{ Params: { file: string } }>("/requests/:file", { config }, async (req, reply) => {
        const f = file(req.params.file);
        return send(reply, f.format, "service_requests", await service.getRequest(deps, f.name, params(req)));
      });
      scope.get<{ Params: { file: string } }>("/tokens/:file", { config }, async (req, reply) => {
        const f = file(req.params.file);
        return send(reply, f.format, "service_requests", await service.getToken(deps.db, f.name, params(req)));
      });
    },
    { prefix: "/open311/v2" },
  );
}
