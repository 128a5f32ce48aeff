import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { auditFor, uniqueName, unitByCode } from "../../../test/helpers/factories.js";
import { queryRows } from "../../db/client.js";
import type { AssessmentDetail, SchemeView } from "../../../common/contract/rating.contract.js";

let ctx: TestContext;
let admin: Client;
let chaonan: Client;
let hongchang: Client;
let daxiba: Client;
let binhai: Client;
/** The secretary of another village of the same town: same permissions, other scope. */
let neighbour: Client;
let assessmentId: string;

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

/** A multipart body: the `indicator` field first (the server reads fields before the file), then `file`. */
function evidenceBody(indicator: string | null, fileName: string, contentType: string, bytes: Buffer) {
  const b = `----zx${randomBytes(8).toString("hex")}`;
  const field = indicator === null ? "" : `--${b}\r\nContent-Disposition: form-data; name="indicator"\r\n\r\n${indicator}\r\n`;
  const head = Buffer.from(`${field}--${b}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  return { payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${b}--\r\n`)]), headers: { "content-type": `multipart/form-data; boundary=${b}` } };
}

const upload = (c: Client, id: string, indicator: string | null, fileName: string, bytes: Buffer, type = "application/pdf") => {
  const m = evidenceBody(indicator, fileName, type, bytes);
  return c.post(`/api/v1/rating/assessments/${id}/evidence`, m.payload, m.headers);
};

const PDF = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(3000, 0x20), Buffer.from("\n%%EOF\n")]);
/** A manual indicator of the fortress scheme whose evidence is required. */
const INDICATOR = "org.teamComplete";

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, chaonan, hongchang, daxiba, binhai] = await Promise.all([ctx.login("admin"), ctx.login("chaonan"), ctx.login("hongchang"), ctx.login("daxiba"), ctx.login("binhai")]);
  const schemes = (await admin.get("/api/v1/rating/schemes?programme=fortress&year=2026")).json<{ items: SchemeView[] }>().items;
  const unit = await unitByCode(ctx.db, "440514109210");
  const [a] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM rating_assessments WHERE scheme_id = ${schemes[0]!.id} AND org_unit_id = ${unit.id}`);
  assessmentId = a!.id;
  const [other] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM org_units WHERE level = 'village' AND parent_id = ${unit.parentId} AND id <> ${unit.id} ORDER BY division_code LIMIT 1`);
  const username = uniqueName("sec");
  const created = await admin.post("/api/v1/users", { username, displayName: "邻村书记", password: "a-long-password", grant: { role: "villageSecretary", orgUnitId: other!.id } });
  expect(created.statusCode, created.body).toBe(201);
  neighbour = await ctx.login(username, "a-long-password");
  // 红场镇's villages have submitted in the demo: the town sends this one back so the village can add evidence.
  const back = await hongchang.post(`/api/v1/rating/assessments/${assessmentId}/events`, { event: "returnToVillage", note: "请上传佐证材料" });
  expect(back.json<AssessmentDetail>().status).toBe("selfAssess");
});
afterAll(() => ctx.close());

describe("evidence files of a self-assessment", () => {
  it("stores a PDF for an indicator, audited, and the village, town and district download it", async () => {
    const res = await upload(daxiba, assessmentId, INDICATOR, "村书记履职报告.pdf", PDF);
    expect(res.statusCode, res.body).toBe(201);
    const detail = res.json<AssessmentDetail>();
    const file = detail.evidenceFiles.find((f) => f.fileName === "村书记履职报告.pdf");
    expect(file).toMatchObject({ indicator: INDICATOR, contentType: "application/pdf", sizeBytes: PDF.length });
    for (const c of [daxiba, hongchang, chaonan, admin]) {
      const got = await c.get(`/api/v1/rating/assessments/${assessmentId}/evidence/${file!.id}`);
      expect(got.statusCode, c.username).toBe(200);
      expect(got.rawPayload.equals(PDF)).toBe(true);
      expect(got.headers["content-disposition"]).toContain("filename*=UTF-8''%E6%9D%91");
    }
    const audit = await auditFor(ctx.db, assessmentId);
    expect(audit.map((a) => a.action)).toContain("rating.evidence");
    expect((await hongchang.get(`/api/v1/rating/assessments/${assessmentId}`)).json<AssessmentDetail>().evidenceFiles.map((f) => f.id)).toContain(file!.id);
  });

  it("hides the assessment and its files outside the actor's scope (404), and only the village uploads (403)", async () => {
    const detail = (await daxiba.get(`/api/v1/rating/assessments/${assessmentId}`)).json<AssessmentDetail>();
    const fileId = detail.evidenceFiles[0]!.id;
    expect((await binhai.get(`/api/v1/rating/assessments/${assessmentId}/evidence/${fileId}`)).statusCode).toBe(404);
    expect((await neighbour.get(`/api/v1/rating/assessments/${assessmentId}/evidence/${fileId}`)).statusCode).toBe(404);
    expect((await upload(neighbour, assessmentId, INDICATOR, "x.pdf", PDF)).statusCode).toBe(404);
    expect((await neighbour.del(`/api/v1/rating/assessments/${assessmentId}/evidence/${fileId}`)).statusCode).toBe(404);
    // Towns score, they do not upload: no rating.selfAssess at all → 403 before any lookup.
    expect((await upload(hongchang, assessmentId, INDICATOR, "x.pdf", PDF)).statusCode).toBe(403);
    expect((await upload(binhai, assessmentId, INDICATOR, "x.pdf", PDF)).statusCode).toBe(403);
    expect((await ctx.anon.get(`/api/v1/rating/assessments/${assessmentId}/evidence/${fileId}`)).statusCode).toBe(401);
    expect((await daxiba.get(`/api/v1/rating/assessments/${assessmentId}/evidence/${crypto.randomUUID()}`)).statusCode).toBe(404);
  });

  it("refuses bad input with coded errors naming the field, and keeps no file behind", async () => {
    const before = await storedFiles();
    const noIndicator = await upload(daxiba, assessmentId, null, "a.pdf", PDF);
    expect(noIndicator.statusCode).toBe(400);
    expect(noIndicator.json<ErrorBody>().error.fields?.indicator).toBe("请选择佐证材料对应的指标");
    const unknown = await upload(daxiba, assessmentId, "no.such", "a.pdf", PDF);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<ErrorBody>().error.fields?.indicator).toContain("no.such");
    const fake = await upload(daxiba, assessmentId, INDICATOR, "a.pdf", Buffer.from("MZ this is not a pdf"));
    expect(fake.statusCode).toBe(415);
    expect(fake.json<ErrorBody>().error.message).toBe("附件只能是 PDF、JPG、PNG、Word 或 Excel 文件");
    const exe = await upload(daxiba, assessmentId, INDICATOR, "a.exe", PDF, "application/x-msdownload");
    expect(exe.statusCode).toBe(415);
    const huge = await upload(daxiba, assessmentId, INDICATOR, "big.pdf", Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(10 * 1024 * 1024 + 10)]));
    expect(huge.statusCode).toBe(413);
    const en = evidenceBody("no.such", "a.pdf", "application/pdf", PDF);
    const english = await daxiba.post(`/api/v1/rating/assessments/${assessmentId}/evidence`, en.payload, { ...en.headers, "accept-language": "en" });
    expect(english.json<ErrorBody>().error.fields?.indicator).toBe('The scheme has no indicator "no.such"');
    expect(await storedFiles()).toEqual(before);
  });

  it("counts an uploaded file as the indicator's evidence when the village submits", async () => {
    const [row] = await queryRows<{ n: string | number }>(ctx.db, sql`SELECT count(*) AS n FROM rating_evidence_files WHERE assessment_id = ${assessmentId}`);
    expect(Number(row!.n)).toBe(1);
    const scheme = (await daxiba.get(`/api/v1/rating/assessments/${assessmentId}`)).json<AssessmentDetail>();
    // Every other required indicator gets a typed reference, this one only has its uploaded file.
    const required = await requiredIndicators(scheme.schemeId);
    const evidence = Object.fromEntries(required.filter((c) => c !== INDICATOR).map((c) => [c, ["文件编号 1"]]));
    const saved = await daxiba.put(`/api/v1/rating/assessments/${assessmentId}/scores`, { role: "self", scores: {}, evidence: { ...evidence, [INDICATOR]: [] } });
    expect(saved.statusCode, saved.body).toBe(200);
    const submit = await daxiba.post(`/api/v1/rating/assessments/${assessmentId}/events`, { event: "submit" });
    expect(submit.statusCode, submit.body).toBe(200);
    expect(submit.json<AssessmentDetail>().status).toBe("townReview");
  });

  it("refuses uploads and deletions once submitted (409), then deletes while self-assessing, audited", async () => {
    const fileId = (await daxiba.get(`/api/v1/rating/assessments/${assessmentId}`)).json<AssessmentDetail>().evidenceFiles[0]!.id;
    const late = await upload(daxiba, assessmentId, INDICATOR, "late.pdf", PDF);
    expect(late.statusCode).toBe(409);
    expect(late.json<ErrorBody>().error.message).toBe("只能在村(社区)自评阶段上传或删除佐证材料");
    expect((await daxiba.del(`/api/v1/rating/assessments/${assessmentId}/evidence/${fileId}`)).statusCode).toBe(409);
    await hongchang.post(`/api/v1/rating/assessments/${assessmentId}/events`, { event: "returnToVillage", note: "换一份材料" });
    const before = await storedFiles();
    const del = await daxiba.del(`/api/v1/rating/assessments/${assessmentId}/evidence/${fileId}`);
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json<AssessmentDetail>().evidenceFiles).toEqual([]);
    expect((await storedFiles()).length).toBe(before.length - 1);
    expect((await daxiba.get(`/api/v1/rating/assessments/${assessmentId}/evidence/${fileId}`)).statusCode).toBe(404);
    expect((await auditFor(ctx.db, assessmentId)).map((a) => a.action)).toContain("rating.evidenceRemoved");
  });
});

async function requiredIndicators(schemeId: string): Promise<string[]> {
  const s = (await admin.get(`/api/v1/rating/schemes/${schemeId}`)).json<{ body: { dimensions: { indicators: { code: string; evidence: string; source: string; negative?: boolean }[] }[] } }>();
  return s.body.dimensions.flatMap((d) => d.indicators).filter((i) => i.evidence === "required" && i.source === "manual" && !i.negative).map((i) => i.code);
}

/** Every file stored under the evidence folder of this test's uploads directory. */
async function storedFiles(): Promise<string[]> {
  const dir = join(ctx.config.uploadsDir, "rating-evidence", assessmentId);
  try {
    return (await readdir(dir)).filter((f) => !f.startsWith(".")).sort();
  } catch {
    return [];
  }
}
