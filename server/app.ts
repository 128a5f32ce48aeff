import Fastify, { type FastifyInstance, type RouteOptions } from "fastify";
import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { jsonSchemaTransform, serializerCompiler } from "fastify-type-provider-zod";
import type { Config } from "./config.js";
import type { Db, DatabaseKind } from "./db/client.js";
import type { Clock } from "./platform/clock.js";
import { installErrorHandler, errorBody } from "./platform/error-handler.js";
import { requestLocale, SESSION_COOKIE } from "./platform/http.js";
import { resolveSession } from "./modules/auth/auth.service.js";
import { registerModules } from "./modules/index.js";
import { markRoutesPublic, registerWeb } from "./platform/web.js";
import { addSecurityHeaders, securityHeaders } from "./platform/security-headers.js";

declare module "fastify" {
  interface FastifyInstance {
    registeredRoutes: RouteOptions[];
  }
}

export interface AppDeps {
  db: Db;
  dbKind: DatabaseKind;
  config: Config;
  clock: Clock;
  version: string;
  /** Serve the built admin UI from dist/web (off in most tests). */
  serveWeb?: boolean;
  logger?: boolean;
}

/** Builds the HTTP app. No side effects beyond the instance: tests call it with their own deps. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ? { level: deps.config.logLevel, redact: ["req.headers.cookie", "req.headers['x-csrf-token']"] } : false,
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
  });
  app.setSerializerCompiler(serializerCompiler);
  // Every route's options, so a test can check that each declares its access.
  const routes: RouteOptions[] = [];
  app.decorate("registeredRoutes", routes);
  app.addHook("onRoute", (route) => {
    routes.push(route);
  });
  installErrorHandler(app);

  await app.register(cookie);
  // Helmet's headers, computed once (platform/security-headers.ts) rather than per request.
  const security = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd writes its CSS-in-JS styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        mediaSrc: ["'self'", "blob:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", "data:"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: deps.config.trustProxy,
  });
  addSecurityHeaders(app, security);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: { title: "zhenxing API", description: "振兴 — 抓党建促乡村振兴 work platform", version: deps.version },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(async (scope) => {
    markRoutesPublic(scope);
    await scope.register(swaggerUi, { routePrefix: "/api/docs", staticCSP: true, uiConfig: { docExpansion: "list" } });
  });

  app.decorateRequest("session", null);
  app.decorateRequest("locale", "zh-CN");
  app.decorateRequest("actor", null);
  app.addHook("onRequest", async (req) => {
    req.locale = requestLocale(req);
    const token = req.cookies[SESSION_COOKIE];
    if (token) req.session = await resolveSession(deps, token);
  });

  await registerModules(app, deps);

  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith("/api/") || req.url.startsWith("/open311/")) {
      return reply.code(404).send(
        errorBody(req.locale, "NOT_FOUND", { key: "error.routeNotFound", params: { method: req.method, url: req.url.split("?")[0] ?? "" } }),
      );
    }
    return reply.code(404).type("text/plain; charset=utf-8").send("404 Not Found");
  });
  if (deps.serveWeb) await registerWeb(app);
  return app;
}
