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
