import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import Fastify from "fastify";
import helmet, { type HelmetOptions } from "helmet";
import { describe, expect, it } from "vitest";
import { addSecurityHeaders, securityHeaders } from "./security-headers.js";

const OPTIONS: HelmetOptions = {
  contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], objectSrc: ["'none'"], upgradeInsecureRequests: null } },
  hsts: false,
};

/** What helmet itself sets on a real response, per request, as @fastify/helmet did. */
function helmetOnRealResponse(options: HelmetOptions): Record<string, unknown> {
  const res = new ServerResponse(new IncomingMessage(new Socket()));
  helmet(options)(res.req, res, () => undefined);
  return res.getHeaders();
}

describe("securityHeaders", () => {
  it("records exactly the headers helmet sets on a response", () => {
    for (const options of [OPTIONS, { ...OPTIONS, hsts: true }, {}]) {
      expect(Object.fromEntries(securityHeaders(options).set)).toEqual(helmetOnRealResponse(options));
    }
    const csp = Object.fromEntries(securityHeaders(OPTIONS).set)["content-security-policy"];
    expect(csp).toMatch(/^default-src 'self';/);
    expect(csp).toContain(";object-src 'none';");
    expect(Object.fromEntries(securityHeaders({ ...OPTIONS, hsts: true }).set)["strict-transport-security"]).toMatch(/max-age=/);
  });

  it("is frozen, so no request can change what the next one gets", () => {
    const h = securityHeaders(OPTIONS);
    expect(Object.isFrozen(h) && Object.isFrozen(h.set) && h.set.every((e) => Object.isFrozen(e))).toBe(true);
  });

  it("sends them on routes, 404s and errors, and lets a route override one", async () => {
    const app = Fastify();
    addSecurityHeaders(app, securityHeaders(OPTIONS));
    app.get("/ok", async () => ({ ok: true }));
    app.get("/boom", async () => {
      throw new Error("boom");
    });
    app.get("/own", async (_req, reply) => {
      const csp = reply.getHeader("content-security-policy");
      void reply.header("content-security-policy", `${String(csp)};script-src 'self'`);
      return "x";
    });
    const expected = helmetOnRealResponse(OPTIONS);
    for (const url of ["/ok", "/missing", "/boom"]) {
      const res = await app.inject({ method: "GET", url });
      for (const [name, value] of Object.entries(expected)) expect(res.headers[name], `${url} ${name}`).toBe(value);
    }
    const own = await app.inject({ method: "GET", url: "/own" });
    expect(own.headers["content-security-policy"]).toBe(`${String(expected["content-security-policy"])};script-src 'self'`);
    await app.close();
  });
});
