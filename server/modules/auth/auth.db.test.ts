import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { createTestContext, makeClient, testConfig, type TestContext } from "../../../test/helpers/context.js";
import { auditCount } from "../../../test/helpers/factories.js";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { username, password }, headers });

describe("login", () => {
  it("sets an httpOnly SameSite=Lax session cookie and returns me with a CSRF token", async () => {
    const res = await login("hongchang", "zhenxing-demo");
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === "zx_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(cookie?.secure).toBeFalsy();
    const body = res.json<{ user: { username: string }; grants: { role: string; orgUnitName: string }[]; csrfToken: string }>();
    expect(body.user.username).toBe("hongchang");
    expect(body.grants).toEqual([expect.objectContaining({ role: "townAdmin", orgUnitName: "红场镇" })]);
    expect(body.csrfToken.length).toBeGreaterThan(20);
  });

  it("marks the cookie Secure behind an HTTPS proxy", async () => {
    const app = await buildApp({ db: ctx.db, dbKind: ctx.handle.kind, config: testConfig({ trustProxy: true }), clock: ctx.clock, version: "t" });
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { username: "hongchang", password: "zhenxing-demo" },
      headers: { "x-forwarded-proto": "https" },
    });
    expect(res.cookies.find((c) => c.name === "zx_session")?.secure).toBe(true);
    await app.close();
  });

  it("answers a wrong password and an unknown user with the same coded 401", async () => {
    const wrong = await login("daxiba", "not-the-password");
    const unknown = await login("nobody-here", "not-the-password");
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toEqual({ error: { code: "BAD_CREDENTIALS", message: "用户名或密码错误" } });
    expect((await login("daxiba", "x", { "accept-language": "en-US,en;q=0.9" })).json()).toMatchObject({
      error: { message: "Wrong username or password" },
    });
  });

  it("names the missing field in zh-CN and English", async () => {
    const res = await ctx.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { username: "a" } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: { code: "VALIDATION", message: expect.any(String), fields: { password: "「密码」为必填项" } },
    });
  });

  it("locks the account for 15 minutes after 5 failures, then lets it in again", async () => {
    for (let i = 0; i < 4; i++) expect((await login("binhai", "wrong-password")).statusCode).toBe(401);
    const fifth = await login("binhai", "wrong-password");
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json()).toMatchObject({ error: { code: "LOCKED_OUT" } });
    expect(fifth.headers["retry-after"]).toBe("900");
    // Even the right password is refused while locked.
    expect((await login("binhai", "zhenxing-demo")).statusCode).toBe(429);
    ctx.clock.advance(14 * 60_000);
    expect((await login("binhai", "zhenxing-demo")).statusCode).toBe(429);
    ctx.clock.advance(61_000);
    expect((await login("binhai", "zhenxing-demo")).statusCode).toBe(200);
  });

  it("audits sign-ins and failures", async () => {
    const before = await auditCount(ctx.db);
    await login("daxiba", "zhenxing-demo");
    await login("daxiba", "bad-password-1");
    expect(await auditCount(ctx.db)).toBe(before + 2);
  });
});

describe("sessions", () => {
  it("serves /auth/me and ends with logout", async () => {
    const client = await ctx.login("daxiba");
    const me = await client.get("/api/v1/auth/me");
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { username: "daxiba" }, permissions: expect.arrayContaining(["org.read"]) });
    expect((await client.post("/api/v1/auth/logout")).statusCode).toBe(200);
    expect((await client.get("/api/v1/auth/me")).statusCode).toBe(401);
  });

  it("refuses a state-changing request without the CSRF token", async () => {
    const client = await ctx.login("chaonan");
    const noToken = makeClient(ctx.app, "chaonan", (await cookieOf("chaonan")) ?? "", "");
    const res = await noToken.post("/api/v1/auth/logout");
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: "CSRF" } });
    const wrong = makeClient(ctx.app, "chaonan", (await cookieOf("chaonan")) ?? "", "x".repeat(client.csrfToken.length));
    expect((await wrong.post("/api/v1/auth/logout")).statusCode).toBe(403);
  });

  it("lives in the database: a second app process accepts the first one's session", async () => {
    const client = await ctx.login("chaonan");
    const cookie = await cookieOf("chaonan");
    const second = await buildApp({ db: ctx.db, dbKind: ctx.handle.kind, config: testConfig(), clock: ctx.clock, version: "t" });
    const res = await second.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: cookie ?? "" } });
    expect(res.statusCode).toBe(200);
    expect(client.username).toBe("chaonan");
    await second.close();
  });

  it("expires after 4 idle hours", async () => {
    const cookie = await cookieOf("hongchang");
    ctx.clock.advance(4 * 3600_000 + 1000);
    const res = await ctx.app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: cookie ?? "" } });
    expect(res.statusCode).toBe(401);
  });
});

async function cookieOf(username: string): Promise<string | undefined> {
  const res = await login(username, "zhenxing-demo");
  const c = res.cookies.find((x) => x.name === "zx_session");
  return c ? `zx_session=${c.value}` : undefined;
}
