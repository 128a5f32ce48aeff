import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { createTestContext, type TestContext } from "../../../test/helpers/context.js";
import { buildApp } from "../../app.js";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { queryRows } from "../../db/client.js";
import { verifyAuditChain } from "../../platform/audit.js";
import { categoryId, gridByCode, key, multipart, type TestGrid } from "./appeals.testkit.js";
import { jpegWithExif } from "./resident/upload-fixtures.js";
import { oggVoice, webmVoice } from "./resident/voice-fixtures.js";

let ctx: TestContext;
let grid: TestGrid;
let category: string;

beforeAll(async () => {
  ctx = await createTestContext({ config: { intakeLimits: { perDevicePer10Min: 1000, perGridPerHour: 1000 } } });
  grid = await gridByCode(ctx.db, "440514109210001");
  category = await categoryId(ctx.db, "environment");
});
afterAll(() => ctx.close());

function post(fields: Record<string, string>, files: Parameters<typeof multipart>[1] = [], json = true, code = grid.code) {
  const m = multipart(fields, files);
  return ctx.app.inject({ method: "POST", url: `/r/${code}`, payload: m.payload, headers: { ...m.headers, ...(json ? { accept: "application/json" } : {}) } });
}

const base = () => ({ t: grid.token, key: key(), category, description: "村口垃圾堆积三天没人清理" });

describe("the residents' page", () => {
  it("serves a small form with no framework, usable without JavaScript", async () => {
    const res = await ctx.app.inject({ method: "GET", url: `/r/${grid.code}?t=${grid.token}`, headers: { "accept-encoding": "gzip" } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(res.rawPayload.length).toBeLessThan(30 * 1024);
    expect(res.headers["set-cookie"]).toContain("zx_dev=");
    const plain = await ctx.anon.get(`/r/${grid.code}?t=${grid.token}`);
    expect(plain.body).toContain('<form id="f" method="post"');
    expect(plain.body).toContain("大溪坝村");
    expect(plain.body).toContain("个人信息处理说明");
    // One response: the script is inline, allowed by CSP through its hash (never 'unsafe-inline').
    const script = /<script>([\s\S]*)<\/script>/.exec(plain.body)?.[1] ?? "";
    expect(script).toContain("MediaRecorder");
    expect(plain.body).not.toMatch(/<script src=|<link /);
    const csp = String(plain.headers["content-security-policy"]);
    const hash = createHash("sha256").update(script, "utf8").digest("base64");
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("object-src 'none'");
    // Pages without the script keep the app's plain policy.
    const lookup = await ctx.anon.get("/r/track");
    expect(String(lookup.headers["content-security-policy"])).not.toContain("sha256-");
  });

  it("refuses a forged token (403) and an unknown grid (404) with a zh-CN page", async () => {
    const forged = await ctx.anon.get(`/r/${grid.code}?t=AAAAAAAAAAAAAAAA`);
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain("二维码无效");
    const unknown = await ctx.anon.get(`/r/440514109210999?t=${grid.token}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain("找不到该网格");
    expect((await ctx.anon.get(`/r/abc?t=x`)).statusCode).toBe(404);
    expect((await post({ ...base(), t: "AAAAAAAAAAAAAAAA" })).statusCode).toBe(403);
  });

  it("files a report with a photo stripped of GPS, the phone encrypted, and answers a retry with the same appeal", async () => {
    const fields = { ...base(), phone: "13912345678", consent: "1", description: "<script>alert(1)</script>路灯坏了" };
    const photo = { name: "photo", filename: "a.jpg", type: "image/jpeg", bytes: jpegWithExif() };
    const first = await post(fields, [photo]);
    expect(first.statusCode).toBe(201);
    const { trackingCode, url } = first.json<{ trackingCode: string; url: string }>();
    expect(trackingCode).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    const again = await post(fields, [photo]);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ trackingCode, duplicate: true });
    const rows = await queryRows<{ id: string; phone_cipher: string; phone_masked: string; handling_level: string; status: string; due_at: Date }>(
      ctx.db,
      sql`SELECT id, phone_cipher, phone_masked, handling_level, status, due_at FROM appeals WHERE tracking_code = ${trackingCode}`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ phone_masked: "139****5678", handling_level: "grid", status: "submitted" });
    expect(rows[0]?.phone_cipher).not.toContain("13912345678");
    const files = await queryRows<{ size: number }>(ctx.db, sql`SELECT size FROM appeal_attachments WHERE appeal_id = ${rows[0]?.id}`);
    expect(files).toHaveLength(1);
    expect(files[0]?.size).toBeLessThan(jpegWithExif().length);
    const audit = await queryRows<{ action: string; after: string }>(ctx.db, sql`SELECT action, after::text FROM audit_log WHERE entity_id = ${rows[0]?.id}`);
    expect(audit.map((a) => a.action)).toEqual(["appeal.file"]);
    expect(audit[0]?.after).not.toContain("13912345678");
    const inbox = await queryRows<{ n: number | string }>(
      ctx.db,
      sql`SELECT count(*) AS n FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'daxiba-wg' AND n.entity_id = ${rows[0]?.id}`,
    );
    expect(Number(inbox[0]?.n)).toBe(1);
    const page = await ctx.anon.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("&#60;script&#62;alert(1)&#60;/script&#62;路灯坏了");
    expect(page.body).not.toContain("<script>alert");
    expect(page.body).toContain("待受理");
  });

  it("without JavaScript: a 303 to the tracking page, or the form again with the zh-CN error", async () => {
    const ok = await post(base(), [], false);
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toMatch(/^\/r\/track\/[2-9A-Z]{10}\?new=1$/);
    const bad = await post({ ...base(), phone: "13912345678" }, [], false);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("留下电话须勾选同意");
    expect(bad.body).toContain("村口垃圾堆积三天没人清理");
  });

  it("refuses bad uploads, the honeypot and missing fields, writing nothing", async () => {
    const count = async () => Number((await queryRows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM appeals`))[0]?.n);
    const before = await count();
    const html = await post(base(), [{ name: "photo", filename: "x.jpg", type: "image/jpeg", bytes: Buffer.from("<html><script>x</script></html>") }]);
    expect(html.statusCode).toBe(415);
    const huge = new Uint8Array(3 * 1024 * 1024 + 10);
    huge.set([0xff, 0xd8, 0xff]);
    const big = await post(base(), [{ name: "photo", filename: "big.jpg", type: "image/jpeg", bytes: huge }]);
    expect(big.statusCode).toBe(413);
    const four = Array.from({ length: 4 }, (_, i) => ({ name: "photo", filename: `${i}.jpg`, type: "image/jpeg", bytes: jpegWithExif() }));
    expect((await post(base(), four)).statusCode).toBe(400);
    expect((await post({ ...base(), website: "http://spam" })).statusCode).toBe(400);
    expect((await post({ ...base(), category: "" })).statusCode).toBe(400);
    expect((await post({ ...base(), description: " " })).statusCode).toBe(400);
    expect((await post({ ...base(), phone: "12345" , consent: "1"})).statusCode).toBe(400);
    // The voice note's length is read from its container, not trusted to the page's recorder.
    const long = await post(base(), [{ name: "voice", filename: "voice", type: "audio/webm", bytes: webmVoice(75) }]);
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ error: { code: "VALIDATION", message: "录音太长（最长 60 秒）", fields: { voice: "录音太长（最长 60 秒）" } } });
    expect(await count()).toBe(before);
    expect((await post(base(), [{ name: "voice", filename: "voice", type: "audio/ogg", bytes: oggVoice(20) }])).statusCode).toBe(201);
  });
});

describe("group commit", () => {
  it("files concurrent reports together: each its own appeal, timers and audit record; a key sent twice files once", async () => {
    const shared = key();
    const sends = Array.from({ length: 30 }, (_, i) => post({ ...base(), ...(i % 10 === 0 ? { key: shared } : {}), description: `并发反映第${i}条` }));
    const res = await Promise.all(sends);
    expect(res.map((r) => r.statusCode).filter((s) => s !== 201 && s !== 200)).toEqual([]);
    const codes = res.map((r) => r.json<{ trackingCode: string }>().trackingCode);
    expect(new Set(codes).size).toBe(28); // 27 distinct + the shared key's one appeal
    const rows = await queryRows<{ id: string; timers: number | string; audits: number | string }>(
      ctx.db,
      sql`SELECT a.id, (SELECT count(*) FROM workflow_timers t WHERE t.entity_id = a.id) AS timers,
                 (SELECT count(*) FROM audit_log l WHERE l.entity_id = a.id::text AND l.action = 'appeal.file') AS audits
          FROM appeals a WHERE a.description LIKE '并发反映第%'`,
    );
    expect(rows).toHaveLength(28);
    for (const r of rows) {
      expect(Number(r.timers)).toBe(2); // yellow warning + escalation
      expect(Number(r.audits)).toBe(1);
    }
    // The batch's timers and audit records (one JSON recordset each) hold the same cells a row-by-row insert would.
    const timers = await queryRows<{ workflow: string; state: string; kind: string; later: boolean; same_time: boolean }>(
      ctx.db,
      sql`SELECT t.workflow, t.state, t.kind, t.due_at > a.created_at AS later, t.created_at = a.created_at AS same_time
          FROM workflow_timers t JOIN appeals a ON a.id = t.entity_id WHERE a.description LIKE '并发反映第%'`,
    );
    expect(timers).toHaveLength(56);
    for (const t of timers) {
      expect(t).toMatchObject({ workflow: "appeal", state: "submitted", later: true, same_time: true });
      expect(["event", "notify"]).toContain(t.kind);
    }
    const audits = await queryRows<{ entity_id: string; org_path: string; after: { channel?: string; category?: string } }>(
      ctx.db,
      sql`SELECT l.entity_id, l.org_path, l.after FROM audit_log l JOIN appeals a ON l.entity_id = a.id::text
          WHERE l.action = 'appeal.file' AND a.description LIKE '并发反映第%'`,
    );
    expect(audits).toHaveLength(28);
    for (const a of audits) expect(a).toMatchObject({ org_path: grid.path, after: { channel: "resident", category: "environment", gridCode: grid.code, photos: 0 } });
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
  });

  it("answers each report of a failed batch on its own (one unknown category does not sink the others)", async () => {
    const good = Array.from({ length: 5 }, (_, i) => post({ ...base(), description: `混合批次${i}` }));
    const bad = post({ ...base(), category: "00000000-0000-4000-8000-000000000000", description: "混合批次坏的" });
    const res = await Promise.all([...good, bad]);
    expect(res.slice(0, 5).map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(res[5]?.statusCode).toBe(400);
    // The good ones are whole (timers and audit), the bad one left nothing behind.
    const rows = await queryRows<{ description: string; timers: number | string; audits: number | string }>(
      ctx.db,
      sql`SELECT a.description, (SELECT count(*) FROM workflow_timers t WHERE t.entity_id = a.id) AS timers,
                 (SELECT count(*) FROM audit_log l WHERE l.entity_id = a.id::text) AS audits
          FROM appeals a WHERE a.description LIKE '混合批次%'`,
    );
    expect(rows.map((r) => r.description).sort()).toEqual(["混合批次0", "混合批次1", "混合批次2", "混合批次3", "混合批次4"]);
    for (const r of rows) expect([Number(r.timers), Number(r.audits)]).toEqual([2, 1]);
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
  });
});

describe("intake limits", () => {
  it("limits one device, and one grid across devices", async () => {
    const limited = await createTestContext({ config: { intakeLimits: { perDevicePer10Min: 2, perGridPerHour: 3 } } });
    try {
      const g = await gridByCode(limited.db, "440514109210002");
      const cat = await categoryId(limited.db, "roads");
      const send = (device: string) => {
        const m = multipart({ t: g.token, key: key(), category: cat, description: "路面塌陷" });
        return limited.app.inject({ method: "POST", url: `/r/${g.code}`, payload: m.payload, headers: { ...m.headers, accept: "application/json", cookie: `zx_dev=${device}` } });
      };
      expect((await send("deviceAAAAAAAAAAAAAA")).statusCode).toBe(201);
      expect((await send("deviceAAAAAAAAAAAAAA")).statusCode).toBe(201);
      const third = await send("deviceAAAAAAAAAAAAAA");
      expect(third.statusCode).toBe(429);
      expect(third.json()).toMatchObject({ error: { code: "RATE_LIMITED" } });
      expect((await send("deviceBBBBBBBBBBBBBB")).statusCode).toBe(201);
      const gridFull = await send("deviceCCCCCCCCCCCCCC");
      expect(gridFull.statusCode).toBe(429);
      expect(gridFull.json<{ error: { message: string } }>().error.message).toContain("提交太频繁");
    } finally {
      await limited.close();
    }
  });
});

describe("the per-device limit, in the database", () => {
  it("refuses a spent device with the coded 429, refills with time, and is shared by two app processes", async () => {
    const limited = await createTestContext({ config: { intakeLimits: { perDevicePer10Min: 2, perGridPerHour: 1000 } } });
    let other: FastifyInstance | null = null;
    try {
      const g = await gridByCode(limited.db, "440514109210001");
      const cat = await categoryId(limited.db, "roads");
      const send = (app: FastifyInstance, device: string, json = true) => {
        const m = multipart({ t: g.token, key: key(), category: cat, description: "路灯不亮" });
        return app.inject({ method: "POST", url: `/r/${g.code}`, payload: m.payload, headers: { ...m.headers, ...(json ? { accept: "application/json" } : {}), cookie: `zx_dev=${device}` } });
      };
      const dev = "deviceDDDDDDDDDDDDDD";
      expect((await send(limited.app, dev)).statusCode).toBe(201);
      // A second process over the same database (or this one after a restart) sees the same bucket.
      other = await buildApp({ db: limited.db, dbKind: limited.handle.kind, config: limited.config, clock: limited.clock, version: "test" });
      await other.ready();
      expect((await send(other, dev)).statusCode).toBe(201);
      const refused = await send(other, dev);
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ error: { code: "RATE_LIMITED" } });
      expect((await send(limited.app, dev)).statusCode).toBe(429);
      const page = await send(limited.app, dev, false);
      expect(page.statusCode).toBe(429);
      expect(page.body).toContain("提交太频繁");
      // Two reports per 10 minutes: one token comes back every 5 minutes.
      limited.clock.advance(4 * 60_000);
      expect((await send(limited.app, dev)).statusCode).toBe(429);
      limited.clock.advance(61_000);
      expect((await send(other, dev)).statusCode).toBe(201);
      expect((await send(limited.app, dev)).statusCode).toBe(429);
      // Another device is not affected; a long pause does not bank more than the bucket holds.
      expect((await send(limited.app, "deviceEEEEEEEEEEEEEE")).statusCode).toBe(201);
      limited.clock.advance(3600_000);
      const burst = await Promise.all([send(limited.app, dev), send(other, dev), send(limited.app, dev), send(other, dev)]);
      expect(burst.map((r) => r.statusCode).sort()).toEqual([201, 201, 429, 429]);
      const [bucket] = await queryRows<{ tokens: number; taken: number }>(limited.db, sql`SELECT tokens, taken FROM intake_buckets WHERE key = ${`d:${dev}`}`);
      expect(Number(bucket?.tokens)).toBeLessThan(1);
      // A bucket untouched for a whole window is full again: the queue's sweep has deleted it.
      const left = await queryRows<{ key: string }>(limited.db, sql`SELECT key FROM intake_buckets ORDER BY key`);
      expect(left.map((r) => r.key)).toEqual([`d:${dev}`]);
      // The tracking page's feedback form has its own bucket per device (20 per 10 minutes).
      const code = burst.find((r) => r.statusCode === 201)?.json<{ trackingCode: string }>().trackingCode ?? "";
      const feedback = () => {
        const m = multipart({ action: "nonsense" });
        return limited.app.inject({ method: "POST", url: `/r/track/${code}`, payload: m.payload, headers: { ...m.headers, cookie: `zx_dev=${dev}` } });
      };
      for (let i = 0; i < 20; i++) expect((await feedback()).statusCode).toBe(400);
      const spent = await feedback();
      expect(spent.statusCode).toBe(429);
      expect(spent.body).toContain("提交太频繁");
    } finally {
      await other?.close();
      await limited.close();
    }
  });
});

describe("no orphan uploads", () => {
  it("removes the files of a submit that is refused (limit, repeated key, unknown category) and keeps the filed one's", async () => {
    const uploadsDir = mkdtempSync(join(tmpdir(), "zx-orphans-"));
    const limited = await createTestContext({ config: { uploadsDir, intakeLimits: { perDevicePer10Min: 2, perGridPerHour: 1000 } } });
    try {
      const g = await gridByCode(limited.db, "440514109210001");
      const cat = await categoryId(limited.db, "roads");
      const files = () => readdirSync(uploadsDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
      const send = (fields: Record<string, string>, device = "deviceFFFFFFFFFFFFFF") => {
        const m = multipart({ t: g.token, category: cat, description: "路面塌陷", ...fields }, [
          { name: "photo", filename: "a.jpg", type: "image/jpeg", bytes: jpegWithExif() },
          { name: "voice", filename: "voice", type: "audio/ogg", bytes: oggVoice(5) },
        ]);
        return limited.app.inject({ method: "POST", url: `/r/${g.code}`, payload: m.payload, headers: { ...m.headers, accept: "application/json", cookie: `zx_dev=${device}` } });
      };
      const k = key();
      expect((await send({ key: k })).statusCode).toBe(201);
      expect(files()).toBe(2);
      expect((await send({ key: k })).json()).toMatchObject({ duplicate: true }); // a retry: its copies go
      expect(files()).toBe(2);
      expect((await send({ key: key(), category: "00000000-0000-4000-8000-000000000000" }, "deviceGGGGGGGGGGGGGG")).statusCode).toBe(400);
      expect(files()).toBe(2);
      expect((await send({ key: key() })).statusCode).toBe(429); // the retry above took the device's second token
      expect(files()).toBe(2);
      const [n] = await queryRows<{ n: number | string }>(limited.db, sql`SELECT count(*) AS n FROM appeal_attachments`);
      expect(Number(n?.n)).toBe(2);
    } finally {
      await limited.close();
      rmSync(uploadsDir, { recursive: true, force: true });
    }
  });
});
