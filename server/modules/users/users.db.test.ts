import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { auditFor, unitByCode, uniqueName } from "../../../test/helpers/factories.js";

let ctx: TestContext;
let admin: Client;
let chaonan: Client;
let hongchang: Client;
let ids: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.login("admin");
  chaonan = await ctx.login("chaonan");
  hongchang = await ctx.login("hongchang");
  ids = {
    hongchang: (await unitByCode(ctx.db, "440514109")).id,
    daxiba: (await unitByCode(ctx.db, "440514109210")).id,
    haojiang: (await unitByCode(ctx.db, "440512")).id,
    chaonan: (await unitByCode(ctx.db, "440514")).id,
    city: (await unitByCode(ctx.db, "4405")).id,
  };
});
afterAll(() => ctx.close());

const newUser = (over: Record<string, unknown> = {}) => ({
  username: uniqueName("t"),
  displayName: "测试用户",
  password: "a-long-password",
  grant: { role: "townAdmin", orgUnitId: ids.hongchang },
  ...over,
});

describe("creating users", () => {
  it("creates a user scoped to a town, with audit rows, who then sees only that town", async () => {
    const input = newUser();
    const res = await chaonan.post("/api/v1/users", input);
    expect(res.statusCode).toBe(201);
    const user = res.json<{ id: string; grants: { role: string; orgUnitName: string }[] }>();
    expect(user.grants).toEqual([expect.objectContaining({ role: "townAdmin", orgUnitName: "红场镇" })]);
    const audit = await auditFor(ctx.db, user.id);
    expect(audit.map((a) => a.action)).toEqual(["user.create", "user.grant"]);
    expect(audit[0]?.actorName).toBe("chaonan");
    expect(JSON.stringify(audit.map((a) => [a.before, a.after]))).not.toContain(input.password);
    const client = await ctx.login(input.username, input.password);
    expect((await client.get("/api/v1/org-units/stats")).json()).toMatchObject({ district: 0, town: 1 });
    expect((await client.get(`/api/v1/org-units/${ids.haojiang}`)).statusCode).toBe(404);
  });

  it("refuses a duplicate username with 409 naming the field", async () => {
    const res = await admin.post("/api/v1/users", newUser({ username: "daxiba" }));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: "CONFLICT", fields: { username: expect.stringContaining("daxiba") } } });
  });

  it("refuses a weak password, naming the field, and writes nothing", async () => {
    const input = newUser({ password: "short" });
    const res = await admin.post("/api/v1/users", input);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { fields: { password: "「密码」至少需要 10 个字符" } } });
    const list = await admin.get(`/api/v1/users?q=${input.username as string}`);
    expect(list.json()).toMatchObject({ total: 0 });
  });

  it("refuses a scope outside the granting admin's own scope", async () => {
    const res = await chaonan.post("/api/v1/users", newUser({ grant: { role: "townAdmin", orgUnitId: ids.haojiang } }));
    expect(res.statusCode).toBe(404);
    const upward = await hongchang.post("/api/v1/users", newUser({ grant: { role: "districtAdmin", orgUnitId: ids.chaonan } }));
    expect(upward.statusCode).toBe(404);
  });

  it("refuses roles the admin may not grant and scopes of the wrong level", async () => {
    const notGrantable = await hongchang.post("/api/v1/users", newUser({ grant: { role: "cityAdmin", orgUnitId: ids.hongchang } }));
    expect(notGrantable.statusCode).toBe(403);
    expect(notGrantable.json()).toMatchObject({ error: { fields: { "grant.role": expect.stringContaining("市级管理员") } } });
    const wrongLevel = await hongchang.post("/api/v1/users", newUser({ grant: { role: "villageSecretary", orgUnitId: ids.hongchang } }));
    expect(wrongLevel.statusCode).toBe(400);
    expect(wrongLevel.json()).toMatchObject({ error: { fields: { "grant.orgUnitId": expect.any(String) } } });
    const staffWithoutDept = await hongchang.post("/api/v1/users", newUser({ grant: { role: "departmentStaff", orgUnitId: ids.hongchang } }));
    expect(staffWithoutDept.statusCode).toBe(400);
  });

  it("refuses malformed input naming each field", async () => {
    const res = await admin.post("/api/v1/users", { username: "Bad Name", displayName: "", password: "a-long-password", grant: { role: "king", orgUnitId: "x" } });
    expect(res.statusCode).toBe(400);
    const fields = res.json<{ error: { fields: Record<string, string> } }>().error.fields;
    expect(Object.keys(fields).sort()).toEqual(["displayName", "grant.orgUnitId", "grant.role", "username"]);
  });
});

describe("managing users", () => {
  it("lists only users with a grant in scope", async () => {
    const names = (await hongchang.get("/api/v1/users?pageSize=200")).json<{ items: { username: string }[] }>().items.map((u) => u.username);
    expect(names).toContain("daxiba");
    expect(names).toContain("hongchang");
    expect(names).not.toContain("binhai");
    expect(names).not.toContain("chaonan");
  });

  it("hides out-of-scope users (404) and forbids managing a superior (403)", async () => {
    const all = (await admin.get("/api/v1/users?q=binhai")).json<{ items: { id: string }[] }>();
    const binhaiId = all.items[0]?.id ?? "";
    expect((await hongchang.get(`/api/v1/users/${binhaiId}`)).statusCode).toBe(404);
    const chaonanId = (await admin.get("/api/v1/users?q=chaonan")).json<{ items: { id: string }[] }>().items[0]?.id ?? "";
    const view = (await chaonan.get(`/api/v1/users/${chaonanId}`)).json<{ abilities: { manage: boolean } }>();
    expect(view.abilities.manage).toBe(true);
    // A town admin cannot see the district admin at all.
    expect((await hongchang.get(`/api/v1/users/${chaonanId}`)).statusCode).toBe(404);
  });

  it("disables a user, ending their sessions; re-enables them", async () => {
    const input = newUser({ grant: { role: "villageSecretary", orgUnitId: ids.daxiba } });
    const created = (await hongchang.post("/api/v1/users", input)).json<{ id: string }>();
    const client = await ctx.login(input.username as string, input.password as string);
    expect((await client.get("/api/v1/auth/me")).statusCode).toBe(200);
    const res = await hongchang.post(`/api/v1/users/${created.id}/disabled`, { disabled: true });
    expect(res.json()).toMatchObject({ disabled: true });
    expect((await client.get("/api/v1/auth/me")).statusCode).toBe(401);
    const relogin = await ctx.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { username: input.username, password: input.password } });
    expect(relogin.statusCode).toBe(401);
    expect((await hongchang.post(`/api/v1/users/${created.id}/disabled`, { disabled: false })).json()).toMatchObject({ disabled: false });
    expect((await auditFor(ctx.db, created.id)).map((a) => a.action)).toContain("user.disable");
  });

  it("adds and removes grants, refusing to remove the last one", async () => {
    const created = (await chaonan.post("/api/v1/users", newUser())).json<{ id: string; grants: { id: string }[] }>();
    const added = await chaonan.post(`/api/v1/users/${created.id}/grants`, { role: "leader", orgUnitId: ids.chaonan });
    expect(added.statusCode).toBe(201);
    const grants = added.json<{ grants: { id: string; role: string }[] }>().grants;
    expect(grants.map((g) => g.role).sort()).toEqual(["leader", "townAdmin"]);
    const again = await chaonan.post(`/api/v1/users/${created.id}/grants`, { role: "leader", orgUnitId: ids.chaonan });
    expect(again.statusCode).toBe(409);
    const leader = grants.find((g) => g.role === "leader");
    expect((await chaonan.del(`/api/v1/users/${created.id}/grants/${leader?.id ?? ""}`)).statusCode).toBe(200);
    const last = await chaonan.del(`/api/v1/users/${created.id}/grants/${created.grants[0]?.id ?? ""}`);
    expect(last.statusCode).toBe(409);
  });

  it("resets a password, clearing a lockout", async () => {
    const input = newUser();
    const created = (await chaonan.post("/api/v1/users", input)).json<{ id: string }>();
    const res = await chaonan.post(`/api/v1/users/${created.id}/password`, { password: "another-long-one" });
    expect(res.statusCode).toBe(200);
    await ctx.login(input.username as string, "another-long-one");
  });
});
