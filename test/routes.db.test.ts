import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../server/app.js";
import { createTestContext, testConfig, type TestContext } from "./helpers/context.js";
import type { RouteAccessConfig } from "../server/platform/http.js";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

function methods(m: string | string[]): string[] {
  return Array.isArray(m) ? m : [m];
}

describe("every route declares its access", () => {
  it("has a permission, `authenticated` or `public: true` on each route (web and docs included)", async () => {
    const app = await buildApp({ db: ctx.db, dbKind: ctx.handle.kind, config: testConfig(), clock: ctx.clock, version: "t", serveWeb: true });
    await app.ready();
    const undeclared = app.registeredRoutes
      .filter((r) => {
        const access = (r.config as { access?: RouteAccessConfig } | undefined)?.access;
        return !access || (!access.permission && !access.public && !access.authenticated);
      })
      .map((r) => `${methods(r.method).join(",")} ${r.url}`);
    expect(undeclared).toEqual([]);
    expect(app.registeredRoutes.length).toBeGreaterThan(15);
    await app.close();
  });

  it("answers 401 on every non-public API route without a session", async () => {
    const failures: string[] = [];
    for (const r of ctx.app.registeredRoutes) {
      const access = (r.config as { access?: RouteAccessConfig }).access;
      if (access?.public || !r.url.startsWith("/api/")) continue;
      for (const method of methods(r.method)) {
        if (method === "HEAD") continue;
        const url = r.url.replace(/:(\w+)/g, "00000000-0000-4000-8000-000000000000");
        const res = await ctx.app.inject({ method: method as "GET", url, payload: method === "GET" ? undefined : {} });
        if (res.statusCode !== 401) failures.push(`${method} ${r.url} → ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("answers unknown API routes with a JSON 404 and sends security headers", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/api/v1/no-such-thing" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
    const health = await ctx.app.inject({ method: "GET", url: "/api/v1/health" });
    expect(health.json()).toMatchObject({ status: "ok", database: ctx.handle.kind === "pglite" ? "pglite" : "postgresql" });
    expect(health.headers["x-content-type-options"]).toBe("nosniff");
    expect(health.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(health.headers["x-frame-options"]).toBeDefined();
  });

  it("publishes the OpenAPI description at /api/docs", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/api/docs/json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain("/api/v1/org-units/{id}");
  });

  it("rejects non-JSON bodies with a coded error", async () => {
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "username=a&password=b",
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ error: { code: "UNSUPPORTED_MEDIA_TYPE" } });
    const bad = await ctx.app.inject({ method: "POST", url: "/api/v1/auth/login", headers: { "content-type": "application/json" }, payload: "{nope" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: "VALIDATION" } });
  });
});
