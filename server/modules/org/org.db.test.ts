import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { auditFor, unitByCode } from "../../../test/helpers/factories.js";

let ctx: TestContext;
let admin: Client;
let chaonan: Client;
let binhai: Client;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.login("admin");
  chaonan = await ctx.login("chaonan");
  binhai = await ctx.login("binhai");
});
afterAll(() => ctx.close());

describe("org tree scope", () => {
  it("counts Shantou's units per level for the city admin", async () => {
    const res = await admin.get("/api/v1/org-units/stats");
    expect(res.statusCode).toBe(200);
    // Grids: one per village, 2–4 in each village of 红场镇 and 滨海街道 (appeals demo step).
    expect(res.json()).toEqual({ district: 7, town: 67, village: 1091, grid: 1156 });
  });

  it("gives the 潮南区 admin one district, its 11 towns and their villages", async () => {
    const res = await chaonan.get("/api/v1/org-units/stats");
    const body = res.json<{ district: number; town: number; village: number }>();
    expect(body.district).toBe(1);
    expect(body.town).toBe(11);
    expect(body.village).toBe(232);
  });

  it("answers 404 for a unit outside the actor's scope (no probing)", async () => {
    const haojiang = await unitByCode(ctx.db, "440512");
    expect((await chaonan.get(`/api/v1/org-units/${haojiang.id}`)).statusCode).toBe(404);
    const hongchang = await unitByCode(ctx.db, "440514109");
    expect((await binhai.get(`/api/v1/org-units/${hongchang.id}`)).statusCode).toBe(404);
    expect((await binhai.get(`/api/v1/org-units?parentId=${hongchang.id}`)).statusCode).toBe(404);
  });

  it("lists the scope roots, children and search results only inside scope", async () => {
    const roots = (await chaonan.get("/api/v1/org-units")).json<{ items: { name: string; childCount: number }[] }>();
    expect(roots.items.map((i) => i.name)).toEqual(["潮南区"]);
    expect(roots.items[0]?.childCount).toBe(11);
    const search = (await chaonan.get(`/api/v1/org-units?q=${encodeURIComponent("濠江")}`)).json<{ items: unknown[] }>();
    expect(search.items).toHaveLength(0);
    const byCode = (await chaonan.get("/api/v1/org-units?q=440514109210")).json<{ items: { name: string }[] }>();
    // A grid code is the village code + 3 digits, so the village's grids match its code too.
    expect(byCode.items.map((i) => i.name)[0]).toBe("大溪坝村");
    expect(byCode.items.map((i) => i.name).slice(1).every((n) => n.endsWith("网格"))).toBe(true);
    const adminSearch = (await admin.get(`/api/v1/org-units?q=${encodeURIComponent("濠江")}`)).json<{ items: { name: string }[] }>();
    expect(adminSearch.items.map((i) => i.name)).toContain("濠江区");
  });

  it("returns a unit with its ancestors and counts", async () => {
    const village = await unitByCode(ctx.db, "440514109210");
    const res = await chaonan.get(`/api/v1/org-units/${village.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ name: string; kind: string; ancestors: { name: string }[]; abilities: { manage: boolean } }>();
    expect(body.name).toBe("大溪坝村");
    expect(body.kind).toBe("rural");
    expect(body.ancestors.map((a) => a.name)).toEqual(["汕头市", "潮南区", "红场镇"]);
    expect(body.abilities.manage).toBe(true);
  });

  it("derives kinds and the agricultural default from the codes", async () => {
    const binhaiStreet = await unitByCode(ctx.db, "440512005"); // a street with only 居委会
    expect(binhaiStreet.kind).toBe("street");
    expect(binhaiStreet.agricultural).toBe(false);
    const hongchang = await unitByCode(ctx.db, "440514109");
    expect(hongchang.kind).toBe("town");
    expect(hongchang.agricultural).toBe(true);
    const community = await unitByCode(ctx.db, "440514109001");
    expect(community.kind).toBe("community");
    expect(community.name).toBe("苏林社区");
    expect(community.officialName).toBe("苏林居委会");
  });

  it("requires a session", async () => {
    expect((await ctx.anon.get("/api/v1/org-units")).statusCode).toBe(401);
    expect((await ctx.anon.get("/api/v1/org-units/stats")).json()).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
  });
});

describe("marking streets and communities agricultural", () => {
  it("updates the flag with an audit row", async () => {
    const street = await unitByCode(ctx.db, "440512005");
    const res = await admin.patch(`/api/v1/org-units/${street.id}`, { agricultural: true });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ agricultural: boolean }>().agricultural).toBe(true);
    const audit = await auditFor(ctx.db, street.id);
    expect(audit.at(-1)).toMatchObject({ action: "org.unit.agricultural", before: { agricultural: false }, after: { agricultural: true } });
  });

  it("refuses the flag on a town, naming the field", async () => {
    const town = await unitByCode(ctx.db, "440514109");
    const res = await admin.patch(`/api/v1/org-units/${town.id}`, { agricultural: false });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: "VALIDATION", fields: { agricultural: expect.stringContaining("街道") } } });
  });

  it("refuses unknown fields", async () => {
    const street = await unitByCode(ctx.db, "440512005");
    const res = await admin.patch(`/api/v1/org-units/${street.id}`, { name: "x" });
    expect(res.statusCode).toBe(400);
  });
});

describe("departments", () => {
  it("creates a department under a town with an audit row, refuses duplicates and wrong levels", async () => {
    const town = await unitByCode(ctx.db, "440514109");
    // The demo gives 红场镇 its whistle departments already; this name is not among them.
    const res = await chaonan.post("/api/v1/departments", { orgUnitId: town.id, name: "退役军人服务站" });
    expect(res.statusCode).toBe(201);
    const dept = res.json<{ id: string; orgUnitName: string }>();
    expect(dept.orgUnitName).toBe("红场镇");
    expect((await auditFor(ctx.db, dept.id))[0]?.action).toBe("org.department.create");
    const dup = await chaonan.post("/api/v1/departments", { orgUnitId: town.id, name: "退役军人服务站" });
    expect(dup.statusCode).toBe(409);
    const village = await unitByCode(ctx.db, "440514109210");
    const wrong = await chaonan.post("/api/v1/departments", { orgUnitId: village.id, name: "水务所" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: { fields: { orgUnitId: expect.any(String) } } });
    const list = (await chaonan.get(`/api/v1/departments?orgUnitId=${town.id}`)).json<{ items: { name: string }[] }>();
    expect(list.items.map((d) => d.name)).toContain("退役军人服务站");
    expect(new Set(list.items.map((d) => d.name)).size).toBe(list.items.length);
    expect((await binhai.get(`/api/v1/departments?orgUnitId=${town.id}`)).statusCode).toBe(404);
  });

  it("lets a town admin see but not create in another town", async () => {
    const hongchangClient = await ctx.login("hongchang");
    const other = await unitByCode(ctx.db, "440514110");
    const res = await hongchangClient.post("/api/v1/departments", { orgUnitId: other.id, name: "城建办" });
    expect(res.statusCode).toBe(404);
  });
});

describe("what the UI needs from the org API", () => {
  it("marks which ancestors the actor may open and whether 涉农 can be set", async () => {
    const hongchangClient = await ctx.login("hongchang");
    const village = await unitByCode(ctx.db, "440514109210");
    const body = (await hongchangClient.get(`/api/v1/org-units/${village.id}`)).json<{
      ancestors: { name: string; readable: boolean }[];
      abilities: { setAgricultural: boolean };
    }>();
    expect(body.ancestors.map((a) => [a.name, a.readable])).toEqual([["汕头市", false], ["潮南区", false], ["红场镇", true]]);
    expect(body.abilities.setAgricultural).toBe(false);
    const community = await unitByCode(ctx.db, "440514109001");
    const c = (await hongchangClient.get(`/api/v1/org-units/${community.id}`)).json<{ abilities: { setAgricultural: boolean } }>();
    expect(c.abilities.setAgricultural).toBe(true);
  });

  it("gives search results their ancestry", async () => {
    const res = (await admin.get(`/api/v1/org-units?q=${encodeURIComponent("大溪坝")}`)).json<{ items: { ancestry?: string }[] }>();
    expect(res.items[0]?.ancestry).toBe("汕头市 / 潮南区 / 红场镇");
  });

  it("lists the demo accounts on the public info endpoint", async () => {
    const info = (await ctx.anon.get("/api/v1/system/info")).json<{ demo: boolean; demoAccounts: { username: string }[]; demoPassword: string }>();
    expect(info.demo).toBe(true);
    expect(info.demoAccounts.map((a) => a.username)).toEqual(["admin", "chaonan", "hongchang", "daxiba", "binhai", "daxiba-wg", "hongchang-water"]);
    expect(info.demoPassword).toBe("zhenxing-demo");
  });
});
