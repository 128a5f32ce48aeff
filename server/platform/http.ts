import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { timingSafeEqual } from "node:crypto";
import { Readable } from "node:stream";
import type {
  Endpoint,
  FileDownload,
  EndpointBody,
  EndpointParams,
  EndpointQuery,
  EndpointResponse,
} from "../../common/contract/endpoint.js";
import { pickLocale, type Locale } from "../../common/i18n/index.js";
import type { Permission } from "../../common/roles.js";
import { hasPermission } from "../authz/policy.js";
import type { Actor } from "./actor.js";
import { AppError } from "./errors.js";
import { RequestValidationError, issuesToFields } from "./validation.js";
import type { ResolvedSession } from "../modules/auth/auth.service.js";

/** Route-level declaration the route walker checks: every route has one of these. */
export interface RouteAccessConfig {
  permission?: Permission;
  authenticated?: true;
  public?: true;
}

declare module "fastify" {
  interface FastifyContextConfig {
    access?: RouteAccessConfig;
  }
  interface FastifyRequest {
    session: ResolvedSession | null;
    locale: Locale;
    /** Set by the route's access check: the signed-in user, or null on public routes. */
    actor: Actor | null;
  }
}

export const SESSION_COOKIE = "zx_session";

type ActorFor<E extends Endpoint> = E["access"] extends { public: true } ? Actor | null : Actor;

export interface HandlerContext<E extends Endpoint> {
  actor: ActorFor<E>;
  params: EndpointParams<E>;
  query: EndpointQuery<E>;
  body: EndpointBody<E>;
  req: FastifyRequest;
  reply: FastifyReply;
}

export type EndpointHandler<E extends Endpoint> = (ctx: HandlerContext<E>) => Promise<EndpointResponse<E>>;

/** Validates one request part with its zod schema, keeping field-level issues for localisation. */
function zodValidator(schema: z.ZodType, part: RequestValidationError["part"]) {
  return (data: unknown) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    return { error: new RequestValidationError(part, issuesToFields(result.error.issues, data)) };
  };
}

/**
 * Registers one contract endpoint: zod validation of params/query/body, the access check the
 * endpoint declares, then the handler. Scope checks on the resource stay in the service.
 */
export function registerEndpoint<E extends Endpoint>(
  app: FastifyInstance,
  e: E,
  handler: EndpointHandler<E>,
  opts: { rateLimit?: { max: number; timeWindow: number } } = {},
): void {
  const access: RouteAccessConfig =
    "public" in e.access ? { public: true } : "permission" in e.access ? { permission: e.access.permission } : { authenticated: true };
  const schema: Record<string, unknown> = {
    summary: e.summary,
    tags: [...e.tags],
    // A file download is bytes: no JSON response schema (OpenAPI still lists the route).
    ...(e.produces === "file" ? {} : { response: { [e.status ?? 200]: e.response } }),
  };
  if (e.params) schema.params = e.params;
  if (e.query) schema.querystring = e.query;
  if (e.body) schema.body = e.body;
  app.route({
    method: e.method,
    url: e.path,
    schema,
    config: opts.rateLimit ? { access, rateLimit: opts.rateLimit } : { access },
    validatorCompiler: ({ httpPart }) => {
      const part = httpPart === "querystring" ? "querystring" : httpPart === "params" ? "params" : httpPart === "headers" ? "headers" : "body";
      const s = part === "querystring" ? e.query : part === "params" ? e.params : part === "body" ? e.body : undefined;
      return s ? zodValidator(s, part) : (data: unknown) => ({ value: data });
    },
    // Access is checked before validation: an anonymous caller learns nothing about the schema.
    preValidation: async (req) => {
      req.actor = requireAccess(req, access);
    },
    handler: async (req, reply) => {
      const actor = req.actor;
      const result = await handler({
        actor: actor as ActorFor<E>,
        params: req.params as EndpointParams<E>,
        query: req.query as EndpointQuery<E>,
        body: req.body as EndpointBody<E>,
        req,
        reply,
      });
      reply.code(e.status ?? 200);
      if (e.produces === "file") return sendFile(reply, result as FileDownload);
      return result;
    },
  });
}

/** Sends a download; the name is RFC 5987-encoded so Chinese file names survive every browser. */
function sendFile(reply: FastifyReply, file: FileDownload): FastifyReply {
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  void reply
    .header("content-type", file.contentType)
    .header("content-disposition", `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header("cache-control", "no-store");
  const body = file.body instanceof Uint8Array ? Buffer.from(file.body.buffer, file.body.byteOffset, file.body.byteLength) : Readable.from(file.body);
  return reply.send(body);
}

function requireAccess(req: FastifyRequest, access: RouteAccessConfig): Actor | null {
  if (access.public) return req.session?.actor ?? null;
  const session = req.session;
  if (!session) throw new AppError("UNAUTHENTICATED");
  checkCsrf(req);
  if (access.permission && !hasPermission(session.actor, access.permission)) throw new AppError("FORBIDDEN");
  return session.actor;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Synchroniser-token CSRF check for state-changing requests made with a session cookie. */
export function checkCsrf(req: FastifyRequest): void {
  if (SAFE_METHODS.has(req.method) || !req.session) return;
  const header = req.headers["x-csrf-token"];
  const sent = Buffer.from(typeof header === "string" ? header : "");
  const expected = Buffer.from(req.session.csrfToken);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) throw new AppError("CSRF");
}

export function requestLocale(req: FastifyRequest): Locale {
  const lang = req.headers["accept-language"];
  return pickLocale(typeof lang === "string" ? lang : undefined);
}
