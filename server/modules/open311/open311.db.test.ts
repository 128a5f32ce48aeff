import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { buildApp } from "../../app.js";
import { auditFor, unitByCode } from "../../../test/helpers/factories.js";
import { queryRows } from "../../db/client.js";
import { wgs84ToGcj02 } from "../../../common/geo.js";
import { clearDemoAppeals } from "../appeals/demo/demo-appeals.testkit.js";

let ctx: TestContext;
let district: Client;
let town: Client;
let key = "";
let keyId = "";
const GRID = "440514109210001";
const CENTRE = { lat: 23.2601, lng: 116.4502 };

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
async function post(file: string, fields: Record<string, string>) {
  return ctx.app.inject({ method: "POST", url: `/open311/v2/${file}`, headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, payload: form(fields) });
}
const get = (url: string) => ctx.app.inject({ method: "GET", url: `/open311/v2/${url}` });
type Req = Record<string, unknown>;

/** Low enough to test, high enough for this file's other requests (all from 127.0.0.1 with one key). */
const LIMITS = { perIpPerMinute: 80, perKeyPerMinute: 40 };

beforeAll(async () => {
  ctx = await createTestContext({ config: { open311Limits: LIMITS } });
  // The listings below count appeals from an empty start; the demo's played appeals would be in them.
  await clearDemoAppeals(ctx.db);
  [district, town] = await Promise.all([ctx.login("chaonan"), ctx.login("hongchang")]);
  await ctx.db.execute(sql`UPDATE grids SET centre_lat = ${CENTRE.lat}, centre_lng = ${CENTRE.lng} WHERE code = ${GRID}`);
});
afterAll(() => ctx.close());

describe("Open311 discovery and services", () => {
  it("describes the endpoint in JSON and XML", async () => {
    const json = await get("discovery.json");
    expect(json.statusCode).toBe(200);
    expect(json.headers["content-type"]).toContain("application/json");
    const d = json.json<{ endpoints: { specification: string; url: string; type: string; formats: string[] }[]; key_service: string; changeset: string }>();
    expect(d.endpoints[0]).toMatchObject({ specification: "http://wiki.open311.org/GeoReport_v2", type: "production", formats: ["text/xml", "application/json"] });
    expect(d.endpoints[0]?.url).toMatch(/\/open311\/v2$/);
    const xml = await get("discovery.xml");
    expect(xml.headers["content-type"]).toContain("text/xml");
    expect(xml.body).toContain("<discovery><changeset>");
    expect(xml.body).toContain("<formats><format>text/xml</format><format>application/json</format></formats>");
  });

  it("lists the category catalogue as services and answers unknown ones with the spec's 404", async () => {
    const list = (await get("services.json")).json<{ service_code: string; metadata: boolean; type: string; group: string }[]>();
    expect(list.map((s) => s.service_code)).toEqual(expect.arrayContaining(["roads", "safety", "environment"]));
    expect(list.find((s) => s.service_code === "safety")).toMatchObject({ metadata: false, type: "realtime", group: "紧急" });
    expect((await get("services.xml")).body).toMatch(/<services><service><service_code>consult<\/service_code>/);
    expect((await get("services.json?jurisdiction_id=440514")).statusCode).toBe(200);
    const badJ = await get("services.json?jurisdiction_id=999999");
    expect(badJ.statusCode).toBe(404);
    expect(badJ.json()).toEqual([{ code: 404, description: "jurisdiction_id 999999 not found" }]);
    expect((await get("services/roads.json")).json()).toEqual({ service_code: "roads", attributes: [] });
    expect((await get("services/roads.xml")).body).toContain("<service_definition><service_code>roads</service_code><attributes></attributes></service_definition>");
    const unknown = await get("services/nope.xml");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain("<errors><error><code>404</code>");
    expect((await get("services")).statusCode).toBe(404);
  });
});

describe("Open311 API keys", () => {
  it("are issued by district admins for a district or town, stored hashed and audited", async () => {
    const hongchang = (await unitByCode(ctx.db, "440514109")).id;
    const res = await district.post("/api/v1/open311/keys", { orgUnitId: hongchang, name: "12345 热线对接" });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ id: string; key: string; keyPrefix: string; orgUnitName: string }>();
    key = body.key;
    keyId = body.id;
    expect(key).toMatch(/^zx311_/);
    expect(body).toMatchObject({ orgUnitName: "红场镇", keyPrefix: key.slice(0, 10) });
    const [row] = await queryRows<{ key_hash: string }>(ctx.db, sql`SELECT key_hash FROM open311_keys WHERE id = ${keyId}`);
    expect(row?.key_hash).not.toContain(key.slice(6));
    expect((await auditFor(ctx.db, keyId)).map((a) => a.action)).toEqual(["open311.issueKey"]);
    const listed = (await district.get("/api/v1/open311/keys")).json<{ items: Record<string, unknown>[] }>();
    expect(JSON.stringify(listed)).not.toContain(key);
    expect((await town.post("/api/v1/open311/keys", { orgUnitId: hongchang, name: "x1" })).statusCode).toBe(403);
    expect((await ctx.anon.get("/api/v1/open311/keys")).statusCode).toBe(401);
    const village = (await unitByCode(ctx.db, "440514109210")).id;
    expect((await district.post("/api/v1/open311/keys", { orgUnitId: village, name: "村级" })).statusCode).toBe(400);
    const binhai = (await unitByCode(ctx.db, "440512005")).id;
    expect((await district.post("/api/v1/open311/keys", { orgUnitId: binhai, name: "越权" })).statusCode).toBe(404);
  });
});

describe("Open311 requests", () => {
  let nearId = "";

  it("refuses a POST without a valid key (403), a service code (400 / 404), a location or a description (400)", async () => {
    const ok = { service_code: "roads", lat: String(CENTRE.lat), long: String(CENTRE.lng), description: "路灯不亮" };
    const noKey = await post("requests.json", ok);
    expect(noKey.statusCode).toBe(403);
    expect(noKey.json()).toEqual([{ code: 403, description: "api_key is required" }]);
    expect((await post("requests.xml", { ...ok, api_key: "zx311_forged" })).body).toContain("<errors><error><code>403</code>");
    expect((await post("requests.json", { ...ok, api_key: key, service_code: "" })).statusCode).toBe(400);
    expect((await post("requests.json", { ...ok, api_key: key, service_code: "nope" })).statusCode).toBe(404);
    expect((await post("requests.json", { api_key: key, service_code: "roads", description: "x" })).statusCode).toBe(400);
    expect((await post("requests.json", { api_key: key, service_code: "roads", lat: "23.1", description: "x" })).statusCode).toBe(400);
    expect((await post("requests.json", { ...ok, api_key: key, lat: "123" })).json()).toEqual([{ code: 400, description: "lat is not a valid WGS84 coordinate" }]);
    expect((await post("requests.json", { ...ok, api_key: key, description: "" })).statusCode).toBe(400);
    expect((await post("requests.json", { ...ok, api_key: key, coord_system: "mars" })).statusCode).toBe(400);
    expect((await post("requests.json", { ...ok, api_key: key, jurisdiction_id: "440512" })).statusCode).toBe(404);
    const [n] = await queryRows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM appeals WHERE channel = 'open311'`);
    expect(Number(n?.n)).toBe(0);
  });

  it("files a request near a grid centre on that grid, through the residents' intake (channel open311)", async () => {
    const res = await post("requests.json", { api_key: key, service_code: "roads", lat: String(CENTRE.lat + 0.001), long: String(CENTRE.lng), description: "村口路灯不亮 <b>", address_string: "大溪坝村村口" });
    expect(res.statusCode).toBe(200);
    const [created] = res.json<{ service_request_id: string; token?: string }[]>();
    expect(created?.service_request_id).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    expect(created).not.toHaveProperty("token");
    nearId = created?.service_request_id ?? "";
    const [a] = await queryRows<{ id: string; channel: string; grid_code: string | null; handling_level: string; description: string }>(
      ctx.db,
      sql`SELECT a.id, a.channel, g.code AS grid_code, a.handling_level, a.description FROM appeals a LEFT JOIN grids g ON g.org_unit_id = a.grid_id WHERE a.tracking_code = ${nearId}`,
    );
    expect(a).toMatchObject({ channel: "open311", grid_code: GRID, handling_level: "grid", description: "村口路灯不亮 <b>" });
    const audit = await auditFor(ctx.db, a?.id ?? "");
    expect(audit[0]).toMatchObject({ action: "appeal.file", actorName: `system:open311:${key.slice(0, 10)}` });
  });

  it("converts GCJ-02 input to WGS84, and routes a request far from every grid to the key's town", async () => {
    const gcj = wgs84ToGcj02(CENTRE);
    const r1 = await post("requests.xml", { api_key: key, service_code: "water", lat: String(gcj.lat), long: String(gcj.lng), coord_system: "gcj02", description: "停水" });
    expect(r1.statusCode).toBe(200);
    const id1 = /<service_request_id>(\w+)<\/service_request_id>/.exec(r1.body)?.[1] ?? "";
    const [a1] = await queryRows<{ lat: number; lng: number; grid_id: string | null }>(ctx.db, sql`SELECT lat, lng, grid_id FROM appeals WHERE tracking_code = ${id1}`);
    expect(a1?.lat).toBeCloseTo(CENTRE.lat, 5);
    expect(a1?.lng).toBeCloseTo(CENTRE.lng, 5);
    expect(a1?.grid_id).not.toBeNull();
    const r2 = await post("requests.json", { api_key: key, service_code: "roads", address_string: "红场镇某处", description: "道路破损" });
    const id2 = r2.json<{ service_request_id: string }[]>()[0]?.service_request_id ?? "";
    const [a2] = await queryRows<{ grid_id: string | null; handling_level: string; path: string }>(ctx.db, sql`SELECT grid_id, handling_level, path FROM appeals WHERE tracking_code = ${id2}`);
    expect(a2).toMatchObject({ grid_id: null, handling_level: "town" });
    expect(a2?.path).toBe((await unitByCode(ctx.db, "440514109")).path);
  });

  it("lists requests: open/closed, agency, personal fields only with a covering key, filters and pages", async () => {
    const [a] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM appeals WHERE tracking_code = ${nearId}`);
    const worker = await ctx.login("daxiba-wg");
    expect((await worker.post(`/api/v1/appeals/${a?.id}/events`, { event: "accept" })).statusCode).toBe(200);
    const pub = (await get("requests.json")).json<Req[]>();
    expect(pub).toHaveLength(3);
    const near = pub.find((r) => r.service_request_id === nearId);
    expect(near).toMatchObject({ status: "open", service_code: "roads", service_name: "道路交通", agency_responsible: "第1网格" });
    expect(near).not.toHaveProperty("description");
    expect(near).not.toHaveProperty("lat");
    const keyed = (await get(`requests.json?api_key=${key}&extensions=true`)).json<Req[]>();
    expect(keyed.find((r) => r.service_request_id === nearId)).toMatchObject({
      description: "村口路灯不亮 <b>", address: "大溪坝村村口", lat: CENTRE.lat + 0.001, long: CENTRE.lng,
      extended_attributes: { status: "investigating", external_status_code: "accepted", channel: "open311" },
    });
    expect((await get("requests.json?api_key=bad")).statusCode).toBe(403);
    expect((await get("requests.json?status=closed")).json()).toEqual([]);
    expect((await get("requests.json?status=open&service_code=water")).json<Req[]>()).toHaveLength(1);
    expect((await get("requests.json?status=pending")).statusCode).toBe(400);
    expect((await get(`requests.json?service_request_id=${nearId},ZZZZZZZZZZ`)).json<Req[]>().map((r) => r.service_request_id)).toEqual([nearId]);
    const p1 = (await get("requests.json?page_size=2")).json<Req[]>();
    const p2 = (await get("requests.json?page_size=2&page=2")).json<Req[]>();
    expect(p1).toHaveLength(2);
    expect(p2).toHaveLength(1);
    expect(new Set([...p1, ...p2].map((r) => r.service_request_id)).size).toBe(3);
    expect((await get("requests.json?page_size=0")).statusCode).toBe(400);
    expect((await get("requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z")).statusCode).toBe(400);
    expect((await get("requests.json?start_date=tomorrow")).statusCode).toBe(400);
    expect((await get("requests.json?start_date=2025-01-01T00:00:00Z")).json()).toEqual([]);
    expect((await get("requests.json?jurisdiction_id=440512")).json()).toEqual([]);
    const xml = await get("requests.xml");
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<service_requests><request><service_request_id>/);
  });

  it("reads one request and a token, with 404s for unknown ones", async () => {
    const one = await get(`requests/${nearId}.json`);
    expect(one.json<Req[]>()).toHaveLength(1);
    expect((await get(`requests/${nearId}.xml`)).body).toContain(`<service_request_id>${nearId}</service_request_id>`);
    expect((await get("requests/ZZZZZZZZZZ.json")).statusCode).toBe(404);
    const [a] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM appeals WHERE tracking_code = ${nearId}`);
    expect((await get(`tokens/${a?.id}.json`)).json()).toEqual([{ service_request_id: nearId, token: a?.id }]);
    expect((await get("tokens/00000000-0000-4000-8000-000000000000.xml")).statusCode).toBe(404);
    expect((await get("tokens/nope.json")).statusCode).toBe(404);
  });

  it("stops taking requests once the key is revoked", async () => {
    const res = await district.del(`/api/v1/open311/keys/${keyId}`);
    expect(res.json()).toMatchObject({ revokedAt: expect.any(String) });
    expect((await auditFor(ctx.db, keyId)).map((a) => a.action)).toEqual(["open311.issueKey", "open311.revokeKey"]);
    expect((await post("requests.json", { api_key: key, service_code: "roads", address_string: "x", description: "y" })).statusCode).toBe(403);
  });
});

describe("Open311 limits and the spec's errors for unknown URLs and methods", () => {
  const from = (ip: string, url: string, method: "GET" | "PUT" | "DELETE" = "GET") => ctx.app.inject({ method, url: `/open311/v2/${url}`, remoteAddress: ip });

  it("answers 429 with the spec's errors body and Retry-After once an address has used its minute", async () => {
    for (let i = 0; i < LIMITS.perIpPerMinute; i++) expect((await from("10.9.0.1", "discovery.json")).statusCode).toBe(200);
    const json = await from("10.9.0.1", "discovery.json");
    expect(json.statusCode).toBe(429);
    // 80 a minute refill one every 750 ms: the next one is due in under a second.
    expect(json.headers["retry-after"]).toBe("1");
    expect(json.headers["content-type"]).toContain("application/json");
    expect(json.json()).toEqual([{ code: 429, description: "请求太频繁（每分钟最多 80 次），请 1 秒后再试" }]);
    const xml = await ctx.app.inject({ method: "GET", url: "/open311/v2/services.xml", remoteAddress: "10.9.0.1", headers: { "accept-language": "en" } });
    expect(xml.statusCode).toBe(429);
    expect(xml.headers["content-type"]).toContain("text/xml");
    expect(xml.body).toContain("<errors><error><code>429</code><description>Too many requests (at most 80 a minute); try again in 1 s</description></error></errors>");
    // Another address is not affected; the same one gets a token back every 750 ms, never a burst.
    expect((await from("10.9.0.2", "discovery.json")).statusCode).toBe(200);
    ctx.clock.advance(700);
    expect((await from("10.9.0.1", "discovery.json")).statusCode).toBe(429);
    ctx.clock.advance(50);
    expect((await from("10.9.0.1", "discovery.json")).statusCode).toBe(200);
    expect((await from("10.9.0.1", "discovery.json")).statusCode).toBe(429);
    // A whole minute refills the bucket to the limit, not beyond it.
    ctx.clock.advance(5 * 60_000);
    for (let i = 0; i < LIMITS.perIpPerMinute; i++) expect((await from("10.9.0.1", "discovery.json")).statusCode).toBe(200);
    expect((await from("10.9.0.1", "discovery.json")).statusCode).toBe(429);
  });

  it("limits an api_key across addresses, and keeps only the key's digest", async () => {
    const hongchang = (await unitByCode(ctx.db, "440514109")).id;
    const k = (await district.post("/api/v1/open311/keys", { orgUnitId: hongchang, name: "限流测试" })).json<{ key: string }>().key;
    for (let i = 0; i < LIMITS.perKeyPerMinute; i++) expect((await from(`10.9.1.${i}`, `services.json?api_key=${k}`)).statusCode).toBe(200);
    const refused = await from("10.9.2.1", `services.json?api_key=${k}`);
    expect(refused.statusCode).toBe(429);
    // 40 a minute: one token every 1.5 s.
    expect(refused.headers["retry-after"]).toBe("2");
    expect(refused.json<{ code: number }[]>()[0]?.code).toBe(429);
    // The same address without the key is still served: the key's limit is the key's.
    expect((await from("10.9.2.1", "services.json")).statusCode).toBe(200);
    const rows = await queryRows<{ key: string }>(ctx.db, sql`SELECT key FROM intake_buckets WHERE key LIKE 'o311key:%'`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.key.includes(k) || r.key.includes(k.slice(6)))).toBe(false);
  });

  it("refuses an address flooding random api_keys only by the address's own limit", async () => {
    const ip = "10.9.4.1";
    // More distinct keys than one key's limit: every new key has a full bucket, the address pays for each.
    for (let i = 0; i < LIMITS.perIpPerMinute; i++) {
      expect((await from(ip, `services.json?api_key=zx311_random${i}x${Math.random()}`)).statusCode).toBe(200);
    }
    const refused = await from(ip, "services.json?api_key=zx311_another");
    expect(refused.statusCode).toBe(429);
    expect(refused.json<{ description: string }[]>()[0]?.description).toContain("每分钟最多 80 次");
  });

  it("is shared by two app processes over the same database, and survives a restart", async () => {
    const other = await buildApp({ db: ctx.db, dbKind: ctx.handle.kind, config: ctx.config, clock: ctx.clock, version: "test" });
    try {
      await other.ready();
      const ip = "10.9.5.1";
      const fromApp = (app: FastifyInstance) => app.inject({ method: "GET", url: "/open311/v2/discovery.json", remoteAddress: ip });
      // Half the minute's requests through each process: together they are the limit, not twice it.
      for (let i = 0; i < LIMITS.perIpPerMinute; i++) expect((await fromApp(i % 2 ? other : ctx.app)).statusCode).toBe(200);
      expect((await fromApp(other)).statusCode).toBe(429);
      expect((await fromApp(ctx.app)).statusCode).toBe(429);
    } finally {
      await other.close();
    }
  });

  it("sweeps its refilled buckets and never another limit's bucket or one still refilling", async () => {
    const ip = "10.9.6.1";
    expect((await from(ip, "discovery.json")).statusCode).toBe(200);
    // A resident's device bucket untouched for two minutes is still refilling (10-minute window).
    const twoMinAgo = new Date(ctx.clock.now().getTime() - 120_000);
    await ctx.db.execute(sql`INSERT INTO intake_buckets (key, tokens, taken, updated_at) VALUES ('d:sweepSWEEPsweep123', 0, 1, ${twoMinAgo})`);
    // A minute later the address's bucket is full again: the next request's sweep deletes it.
    ctx.clock.advance(61_000);
    expect((await from("10.9.6.2", "discovery.json")).statusCode).toBe(200);
    const left = (await queryRows<{ key: string }>(ctx.db, sql`SELECT key FROM intake_buckets`)).map((r) => r.key);
    expect(left).not.toContain(`o311ip:${ip}`);
    expect(left).toContain("o311ip:10.9.6.2");
    expect(left).toContain("d:sweepSWEEPsweep123");
  });

  it("answers unknown URLs with 404 and wrong methods with 405 in the spec's body, JSON or XML as asked", async () => {
    const json = await from("10.9.3.1", "nope/deeper/x.json");
    expect(json.statusCode).toBe(404);
    expect(json.headers["content-type"]).toContain("application/json");
    expect(json.json()).toEqual([{ code: 404, description: "资源不存在：/open311/v2/nope/deeper/x.json" }]);
    const xml = await from("10.9.3.1", "nope/deeper/x.xml");
    expect(xml.statusCode).toBe(404);
    expect(xml.body).toContain("<errors><error><code>404</code>");
    const del = await from("10.9.3.1", "requests.json", "DELETE");
    expect(del.statusCode).toBe(405);
    expect(del.headers.allow).toBe("GET, HEAD, POST");
    expect(del.json<{ code: number; description: string }[]>()).toEqual([{ code: 405, description: "/open311/v2/requests.json 不支持 DELETE，可用：GET, HEAD, POST" }]);
    const put = await from("10.9.3.1", "services/roads.xml", "PUT");
    expect(put.statusCode).toBe(405);
    expect(put.headers.allow).toBe("GET, HEAD");
    expect(put.headers["content-type"]).toContain("text/xml");
    expect(put.body).toContain("<errors><error><code>405</code>");
  });
});
