import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/client.js";
import { appealAttachments } from "../../db/schema/index.js";
import type { Actor } from "../../platform/actor.js";
import { localFileStore, type FileStore } from "../../platform/files.js";
import { appealsCipher } from "./appeals-deps.js";
import { appealWorkflow } from "./appeal-workflow.js";
import { addAttachments } from "./attachments.service.js";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { auditFor } from "../../../test/helpers/factories.js";
import type { AppealDetail } from "../../../common/contract/appeals.contract.js";
import { PHOTO_MAX_BYTES } from "../../../common/appeals.js";
import { categoryId, gridByCode, key, multipart, type TestGrid } from "./appeals.testkit.js";
import { jpegWithExif, pngWithExif } from "./resident/upload-fixtures.js";
import { webmVoice } from "./resident/voice-fixtures.js";

let ctx: TestContext;
let grid: TestGrid;
let worker: Client;
let village: Client;
let binhai: Client;
let staff: Client;

beforeAll(async () => {
  ctx = await createTestContext();
  grid = await gridByCode(ctx.db, "440514109210001");
  [worker, village, binhai, staff] = await Promise.all([ctx.login("daxiba-wg"), ctx.login("daxiba"), ctx.login("binhai"), ctx.login("hongchang-water")]);
});
afterAll(() => ctx.close());

/** 代办 by the grid worker, as the field form does before it uploads the photos. */
async function fileOnBehalf(): Promise<AppealDetail> {
  const res = await worker.post("/api/v1/appeals", {
    channel: "onBehalf",
    gridId: grid.id,
    categoryId: await categoryId(ctx.db, "roads"),
    description: "村道路灯损坏，夜间无法通行",
    idempotencyKey: key(),
  });
  expect(res.statusCode).toBe(201);
  return res.json<AppealDetail>();
}

const photo = (bytes: Uint8Array = jpegWithExif(), type = "image/jpeg") => ({ name: "photo", filename: "p.jpg", type, bytes });
const voice = (seconds = 12) => ({ name: "voice", filename: "v.webm", type: "audio/webm", bytes: webmVoice(seconds) });

function upload(c: Client, id: string, files: ReturnType<typeof photo>[], lang?: string) {
  const m = multipart({}, files);
  return c.post(`/api/v1/appeals/${id}/attachments`, m.payload, { ...m.headers, ...(lang ? { "accept-language": lang } : {}) });
}

describe("photos on 代办 / 主动发现", () => {
  it("attaches a photo with its location stripped, audited, shown on the detail", async () => {
    const a = await fileOnBehalf();
    const res = await upload(worker, a.id, [photo()]);
    expect(res.statusCode).toBe(201);
    const detail = res.json<AppealDetail>();
    expect(detail.attachments).toHaveLength(1);
    expect(detail.attachments[0]).toMatchObject({ kind: "photo", mimeType: "image/jpeg" });
    const file = await village.get(`/api/v1/appeals/${a.id}/attachments/${detail.attachments[0]?.id}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.includes(Buffer.from("GPS!"))).toBe(false);
    expect(file.rawPayload.length).toBeLessThan(jpegWithExif().length);
    const audit = await auditFor(ctx.db, a.id);
    expect(audit.at(-1)).toMatchObject({ action: "appeal.attach", actorName: "daxiba-wg" });
  });

  it("takes at most three photos in all on the appeal, and one voice note", async () => {
    const a = await fileOnBehalf();
    expect((await upload(worker, a.id, [photo(), photo(pngWithExif(), "image/png")])).statusCode).toBe(201);
    const tooMany = await upload(worker, a.id, [photo(), photo()]);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toMatchObject({ error: { code: "VALIDATION", fields: { photo: "最多上传 3 张照片" } } });
    const withVoice = await upload(worker, a.id, [photo(), voice()]);
    expect(withVoice.statusCode).toBe(201);
    expect(withVoice.json<AppealDetail>().attachments.map((x) => x.kind).sort()).toEqual(["photo", "photo", "photo", "voice"]);
    const second = await upload(worker, a.id, [voice()], "en");
    expect(second.statusCode).toBe(400);
    expect(second.json()).toMatchObject({ error: { fields: { voice: "An appeal has at most one voice note" } } });
  });

  it("refuses a voice note longer than 60 s, read from the container as on the residents' page", async () => {
    const a = await fileOnBehalf();
    const res = await upload(worker, a.id, [voice(75)]);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: "VALIDATION", fields: { voice: expect.any(String) } } });
    const rows = await queryRows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM appeal_attachments WHERE appeal_id = ${a.id}`);
    expect(Number(rows[0]?.n)).toBe(0);
  });

  it("takes a photo just under the 3 MB limit (the multipart parser does not cut it earlier)", async () => {
    const a = await fileOnBehalf();
    const jpeg = jpegWithExif();
    const big = new Uint8Array(PHOTO_MAX_BYTES - 16);
    big.set(jpeg.subarray(0, jpeg.length - 2));
    big.set([0xff, 0xd9], big.length - 2);
    const res = await upload(worker, a.id, [photo(big)]);
    expect(res.statusCode).toBe(201);
    expect(res.json<AppealDetail>().attachments[0]?.size).toBeGreaterThan(PHOTO_MAX_BYTES - 64);
  });

  it("refuses a file that is not an image by its content, an empty form and an oversized photo", async () => {
    const a = await fileOnBehalf();
    const fake = await upload(worker, a.id, [photo(Uint8Array.from(Buffer.from("<svg onload=alert(1)>")), "image/jpeg")]);
    expect(fake.statusCode).toBe(415);
    expect(fake.json()).toMatchObject({ error: { code: "UNSUPPORTED_MEDIA_TYPE", fields: { photo: expect.any(String) } } });
    const none = await upload(worker, a.id, []);
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ error: { fields: { photo: "请至少选择一张照片或一段语音" } } });
    const big = new Uint8Array(PHOTO_MAX_BYTES + 10);
    big.set(jpegWithExif());
    const large = await upload(worker, a.id, [photo(big)]);
    expect(large.statusCode).toBe(413);
    const json = await worker.post(`/api/v1/appeals/${a.id}/attachments`, { photo: "x" });
    expect(json.statusCode).toBe(415);
    expect((await village.get(`/api/v1/appeals/${a.id}`)).json<AppealDetail>().attachments).toHaveLength(0);
  });

  it("is for those handling the appeal's unit: another town gets 404, department staff 403, anonymous 401", async () => {
    const a = await fileOnBehalf();
    expect(a.abilities.attach).toBe(true);
    expect((await staff.get(`/api/v1/appeals/${a.id}`)).json<AppealDetail>().abilities.attach).toBe(false);
    expect((await upload(binhai, a.id, [photo()])).statusCode).toBe(404);
    expect((await upload(staff, a.id, [photo()])).statusCode).toBe(403);
    const m = multipart({}, [photo()]);
    expect((await ctx.anon.post(`/api/v1/appeals/${a.id}/attachments`, m.payload, m.headers)).statusCode).toBe(401);
    expect((await upload(village, a.id, [photo()])).statusCode).toBe(201);
  });

  it("refuses attachments on a rejected appeal", async () => {
    const a = await fileOnBehalf();
    expect((await worker.post(`/api/v1/appeals/${a.id}/events`, { event: "reject", reason: "重复诉求" })).statusCode).toBe(200);
    expect((await worker.get(`/api/v1/appeals/${a.id}`)).json<AppealDetail>().abilities.attach).toBe(false);
    const res = await upload(worker, a.id, [photo()]);
    expect(res.statusCode).toBe(409);
  });
});

describe("a failed transaction", () => {
  it("removes the files it stored when the locked re-count refuses (a concurrent upload took the places)", async () => {
    const a = await fileOnBehalf();
    const [u] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM users WHERE username = 'daxiba-wg'`);
    const actor: Actor = {
      kind: "user", userId: u?.id ?? "", username: "daxiba-wg", displayName: "网格员",
      grants: [{ id: randomUUID(), role: "gridWorker", orgUnitId: grid.id, scopePath: grid.path, scopeLevel: "grid", scopeName: "第1网格", divisionCode: grid.code, departmentId: null }],
    };
    const store = localFileStore(ctx.config.uploadsDir);
    const stored: string[] = [];
    const removed: string[] = [];
    // Another upload lands three photos while this one writes its file (after its first count).
    const files: FileStore = {
      get: (k) => store.get(k),
      put: async (k, b) => {
        stored.push(k);
        await ctx.db.insert(appealAttachments).values([1, 2, 3].map((i) => ({ appealId: a.id, kind: "photo" as const, fileKey: `appeals/race-${i}`, mimeType: "image/jpeg", size: 1, sha256: "x", createdAt: new Date() })));
        return store.put(k, b);
      },
      remove: async (k) => {
        removed.push(k);
        await store.remove(k);
      },
    };
    const deps = { db: ctx.db, clock: ctx.clock, secret: ctx.config.secret, timeZone: ctx.config.timeZone, publicBaseUrl: ctx.config.publicBaseUrl, files, pii: appealsCipher(ctx.config.secret) };
    await expect(addAttachments(deps, appealWorkflow({ timeZone: ctx.config.timeZone }), actor, a.id, { photos: [jpegWithExif()], voices: [] })).rejects.toMatchObject({ code: "VALIDATION" });
    expect(removed).toEqual(stored);
    expect(stored).toHaveLength(1);
    expect(await store.get(stored[0] ?? "")).toBeNull();
    expect((await auditFor(ctx.db, a.id)).map((r) => r.action)).not.toContain("appeal.attach");
  });
});

describe("timeline names", () => {
  it("shows the display name, keeping the username", async () => {
    const a = await fileOnBehalf();
    expect((await worker.post(`/api/v1/appeals/${a.id}/events`, { event: "accept" })).statusCode).toBe(200);
    const [entry] = (await village.get(`/api/v1/appeals/${a.id}`)).json<AppealDetail>().timeline;
    expect(entry).toMatchObject({ event: "accept", actorName: "大溪坝村第1网格网格员", actorUsername: "daxiba-wg" });
  });
});
