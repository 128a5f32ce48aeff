import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { auth } from "../../../common/contract/index.js";
import type { AppDeps } from "../../app.js";
import { AppError } from "../../platform/errors.js";
import { registerEndpoint, SESSION_COOKIE } from "../../platform/http.js";
import { login, logout, SESSION_MAX_MS } from "./auth.service.js";

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: req.protocol === "https",
    path: "/",
    maxAge: Math.floor(SESSION_MAX_MS / 1000),
  });
}

export function registerAuthRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerEndpoint(
    app,
    auth.login,
    async ({ body, req, reply }) => {
      const result = await login(deps, body);
      setSessionCookie(req, reply, result.token);
      return result.me;
    },
    // Per-IP limit on top of the per-account lockout: slows password spraying across accounts.
    { rateLimit: { max: 30, timeWindow: 60_000 } },
  );
  registerEndpoint(app, auth.logout, async ({ req, reply }) => {
    if (!req.session) throw new AppError("UNAUTHENTICATED");
    await logout(deps, req.session);
    void reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return { ok: true as const };
  });
  registerEndpoint(app, auth.me, async ({ req }) => {
    if (!req.session) throw new AppError("UNAUTHENTICATED");
    return req.session.me;
  });
}
