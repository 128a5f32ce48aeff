import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/client.js";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { auditFor, unitByCode } from "../../../test/helpers/factories.js";
import type { JobView } from "../../../common/contract/party-excel.contract.js";
import type { MemberSummary } from "../../../common/contract/members.contract.js";
import { branchOf, freshId, freshMobile, readBook, upload, waitForJob, workbook } from "./party.testkit.js";

let ctx: TestContext;
let hongchang: Client;
let daxiba: Client;
let binhai: Client;
let villageId: string;
let branch: { id: string; name: string; path: string };

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };
const HEADERS = ["姓名", "性别", "出生日期", "证件类型", "证件号码", "手机号码", "学历", "入党日期", "党员类别", "预备期满日期", "流动党员", "外出务工经商地", "所在党组织"];

beforeAll(async () => {
  ctx = await createTestContext();
  [hongchang, daxiba, binhai] = await Promise.all([ctx.login("hongchang"), ctx.login("daxiba"), ctx.login("binhai")]);
  villageId = (await unitByCode(ctx.db, "440514109210")).id;
  branch = await branchOf(ctx.db, "440514109210");
});
afterAll(() => ctx.close());

async function memberCount(): Promise<number> {
  const [r] = await queryRows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM members WHERE party_org_id = ${branch.id}`);
  return Number(r?.n ?? 0);
}

async function importFile(client: Client, bytes: Buffer, mode = "allOrNothing", unitId = villageId): Promise<JobView> {
  const res = await upload(client, `/api/v1/party/imports/members?orgUnitId=${unitId}&mode=${mode}`, "名册.xlsx", bytes);
  expect(res.statusCode, res.body).toBe(201);
  return waitForJob<JobView>(client, res.json<JobView>().id);
}

function row(name: string, id: unknown, extra: Partial<Record<string, unknown>> = {}): unknown[] {
  const values: Record<string, unknown> = { 姓名: name, 证件号码: id, 手机号码: freshMobile(), 入党日期: "2008-07-01", 学历: "高中", 党员类别: "正式党员", 流动党员: "否", ...extra };
  return HEADERS.map((h) => values[h] ?? "");
}

describe("Excel: template, import with errors, export round trip", () => {
  it("serves the roster template with its hidden id, text-formatted ID column and drop-downs", async () => {
    expect((await ctx.anon.get("/api/v1/party/templates/members")).statusCode).toBe(401);
    const res = await daxiba.get("/api/v1/party/templates/members");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const book = await readBook(res.rawPayload);
    expect(book.get("党员名册")?.[0]?.slice(0, 13)).toEqual(HEADERS);
    expect(book.get("_meta")).toEqual([["templateId", "zhenxing.memberRoster"], ["version", 1]]);
    expect(book.get("_lists")).toEqual([[branch.name]]);
    const xml = res.rawPayload.toString("latin1");
    expect(xml.length).toBeGreaterThan(1000);
  });

  it("refuses a whole file with bad rows, reports exactly those rows, and writes nothing", async () => {
    const before = await memberCount();
    // A member of the neighbouring village: the same person cannot be registered here too.
    const neighbour = await branchOf(ctx.db, "440514109211");
    const existing = (await hongchang.get(`/api/v1/members?partyOrgId=${neighbour.id}`)).json<{ items: MemberSummary[] }>().items[0]!;
    const existingId = (await hongchang.post(`/api/v1/members/${existing.id}/unmask`, { reason: "导入测试核对" })).json<{ idNumber: string }>().idNumber;
    const good = freshId();
    const dupInFile = freshId();
    // A valid number with its check digit changed (never by chance the right one: 1 in 11 before).
    const valid = freshId();
    const badCheck = valid.slice(0, 17) + (valid.endsWith("0") ? "1" : "0");
    const bytes = await workbook([
      HEADERS,
      row("陈一", good),
      row("陈二", badCheck),
      row("陈三", 440599198001011234), // a numeric cell
      row("陈四", "4.40599E+17"),
      row("陈五", freshId(), { 所在党组织: "不存在党支部" }),
      row("陈六", dupInFile),
      row("陈七", dupInFile),
      row("陈八", existingId, { 入党日期: "2025-12-01" }),
      row("陈九", "4405**********1234"),
    ]);
    const job = await importFile(daxiba, bytes);
    expect(job).toMatchObject({ status: "failed", result: { rows: 9, badRows: 7, applied: false, created: 0, hasErrorWorkbook: true } });
    expect(job.result?.message).toContain("7 行错误，未导入任何数据");
    expect(job.result?.samples.map((s) => s.row)).toEqual([3, 4, 5, 6, 8, 9, 10]);
    expect(await memberCount()).toBe(before);

    const report = await daxiba.get(`/api/v1/jobs/${job.id}/errors`);
    expect(report.statusCode).toBe(200);
    const rows = (await readBook(report.rawPayload)).get("党员名册")!;
    expect(rows[0]).toEqual([...HEADERS, "系统编号", "原行号", "错误说明"]);
    const byName = new Map(rows.slice(1).map((r) => [r[0], String(r[15] ?? "")]));
    expect([...byName.keys()]).toEqual(["陈二", "陈三", "陈四", "陈五", "陈七", "陈八", "陈九"]);
    expect(byName.get("陈二")).toContain("校验位不对");
    expect(byName.get("陈三")).toContain("数字格式");
    expect(byName.get("陈四")).toContain("科学计数法");
    expect(byName.get("陈五")).toContain("找不到党组织「不存在党支部」");
    expect(byName.get("陈七")).toContain("与第 7 行重复");
    expect(byName.get("陈八")).toContain(`已在「${neighbour.name}」登记`);
    expect(byName.get("陈九")).toContain("新登记的党员请填写完整号码");
    expect((await binhai.get(`/api/v1/jobs/${job.id}`)).statusCode).toBe(404);
    expect((await binhai.get(`/api/v1/jobs/${job.id}/errors`)).statusCode).toBe(404);
  });

  it("imports the valid rows on request, with an audit record per member and one for the file", async () => {
    const before = await memberCount();
    const a = freshId("female");
    const b = freshId();
    const bytes = await workbook([HEADERS, row("李好", a), row("李坏", "12345"), row("李也好", b, { 党员类别: "预备党员", 入党日期: "2025-09-01" })]);
    const job = await importFile(daxiba, bytes, "validRows");
    expect(job).toMatchObject({ status: "succeeded", result: { rows: 3, created: 2, badRows: 1, applied: true } });
    expect(await memberCount()).toBe(before + 2);
    const list = (await daxiba.get(`/api/v1/members?q=${b}`)).json<{ items: MemberSummary[] }>();
    expect(list.items[0]).toMatchObject({ name: "李也好", status: "probationary", probationEndsOn: "2026-09-01" });
    const audit = await auditFor(ctx.db, list.items[0]!.id);
    expect(audit.map((x) => x.action)).toEqual(["member.create"]);
    expect((await auditFor(ctx.db, villageId)).filter((x) => x.action === "member.import")).toHaveLength(1);
  });

  it("reads an ordinary roster: a title row, other header names, dates typed the Chinese way", async () => {
    const id = freshId();
    const bytes = await workbook(
      [
        ["序号", "党员姓名", "身份证号码", "联系电话", "入党时间", "文化程度", "备注"],
        [1, "郑普通", id, "13800138000", "2009年7月1日", "大专", "无"],
      ],
      { title: "大溪坝村党员花名册" },
    );
    const job = await importFile(daxiba, bytes);
    expect(job.result).toMatchObject({ created: 1, badRows: 0, applied: true });
    const m = (await daxiba.get(`/api/v1/members?q=${id}`)).json<{ items: MemberSummary[] }>().items[0]!;
    expect(m).toMatchObject({ name: "郑普通", joinedOn: "2009-07-01", education: "juniorCollege", partyOrgName: branch.name });
  });

  it("round-trips a masked export: edited rows change, the rest stay, one audit record each", async () => {
    const res = await daxiba.post("/api/v1/party/exports/members", { partyOrgId: branch.id });
    expect(res.statusCode).toBe(200);
    const book = await readBook(res.rawPayload);
    const sheet = book.get("党员名册")!;
    const rows = sheet.slice(1);
    expect(rows.length).toBe(await memberCount());
    expect(rows.every((r) => String(r[4]).includes("*"))).toBe(true);
    const newPhone = freshMobile();
    const edited = rows.map((r, i) => {
      const copy = [...r];
      if (i === 0) copy[5] = newPhone;
      if (i === 1) copy[6] = "硕士研究生";
      return copy;
    });
    const before = (await queryRows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM audit_log`))[0]!;
    const snapshot = async () =>
      new Map((await queryRows<{ id: string; row: string }>(ctx.db, sql`SELECT id, (m.*)::text AS row FROM members m WHERE party_org_id = ${branch.id}`)).map((r) => [r.id, r.row]));
    const stored = await snapshot();
    const job = await importFile(daxiba, await workbook([sheet[0]!, ...edited]));
    expect(job.result).toMatchObject({ rows: rows.length, created: 0, updated: 2, unchanged: rows.length - 2, badRows: 0, applied: true });
    const after = (await queryRows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM audit_log`))[0]!;
    expect(Number(after.n) - Number(before.n)).toBe(3); // two member.update and one member.import
    // Nothing else touched: every other stored row is byte-for-byte what it was.
    const now = await snapshot();
    const changed = [...now].filter(([id, r]) => stored.get(id) !== r).map(([id]) => id);
    expect(changed.sort()).toEqual([String(rows[0]![13]), String(rows[1]![13])].sort());
    const first = (await daxiba.get(`/api/v1/members/${String(rows[0]![13])}`)).json<MemberSummary>();
    expect(first.phoneMasked).toBe(`${newPhone.slice(0, 3)}****${newPhone.slice(7)}`);
    const updates = (await auditFor(ctx.db, String(rows[1]![13]))).filter((x) => x.action === "member.update");
    expect(updates.at(-1)?.after).toEqual({ education: "master", via: "import" });
  });

  it("exports full values only with member.unmask and a reason, audited", async () => {
    expect((await daxiba.post("/api/v1/party/exports/members", { partyOrgId: branch.id, full: true })).statusCode).toBe(400);
    expect((await binhai.post("/api/v1/party/exports/members", { partyOrgId: branch.id })).statusCode).toBe(404);
    expect((await ctx.anon.post("/api/v1/party/exports/members", { partyOrgId: branch.id })).statusCode).toBe(401);
    const res = await hongchang.post("/api/v1/party/exports/members", { orgUnitId: villageId, full: true, reason: "组织关系核查" });
    expect(res.statusCode).toBe(200);
    const rows = (await readBook(res.rawPayload)).get("党员名册")!.slice(1);
    expect(rows.every((r) => /^\d{17}[\dX]$/.test(String(r[4])))).toBe(true);
    const audit = (await auditFor(ctx.db, villageId)).filter((x) => x.action === "member.export").at(-1)!;
    expect(audit).toMatchObject({ actorName: "hongchang", after: { full: true, reason: "组织关系核查", count: rows.length } });
  });

  it("refuses what is not an .xlsx before starting a job, and imports outside scope are 404", async () => {
    const csv = await upload(daxiba, `/api/v1/party/imports/members?orgUnitId=${villageId}`, "名册.csv", Buffer.from("姓名,身份证号\n张三,1\n"), "text/csv");
    expect(csv.statusCode).toBe(415);
    expect(csv.json<ErrorBody>().error.message).toContain("只能导入 Excel 文件");
    const other = await unitByCode(ctx.db, "440514109211");
    expect((await upload(daxiba, `/api/v1/party/imports/members?orgUnitId=${other.id}`, "名册.xlsx", await workbook([HEADERS]))).statusCode).toBe(404);
    expect((await upload(ctx.anon, `/api/v1/party/imports/members?orgUnitId=${villageId}`, "名册.xlsx", await workbook([HEADERS]))).statusCode).toBe(401);
    const noHeaders = await importFile(daxiba, await workbook([["甲", "乙"], ["1", "2"]]));
    expect(noHeaders.result?.message).toBe("第 1 行表头缺少：姓名、证件号码、入党日期");
  });

  it("records attendance from a meeting's filled-in template", async () => {
    const created = await daxiba.post("/api/v1/meetings", { partyOrgId: branch.id, type: "groupMeeting", heldOn: "2026-02-20", topic: "党小组学习" });
    const meetingId = created.json<{ id: string }>().id;
    const tpl = await daxiba.get(`/api/v1/meetings/${meetingId}/attendance-sheet`);
    expect(tpl.statusCode).toBe(200);
    const sheet = (await readBook(tpl.rawPayload)).get("出勤登记")!;
    expect(sheet[0]).toEqual(["姓名", "出勤情况", "请假原因", "系统编号"]);
    const filled = sheet.slice(1).map((r, i) => [r[0], i === 0 ? "请假" : i === 1 ? "缺席" : "出席", i === 0 ? "外出务工" : "", r[3]]);
    const meta = (await readBook(tpl.rawPayload)).get("_meta")!;
    const bytes = await attendanceBook([sheet[0]!, ...filled], meta);
    const bad = await upload(daxiba, `/api/v1/meetings/${meetingId}/attendance-sheet`, "出勤.xlsx", await attendanceBook([sheet[0]!, [filled[0]![0], "请假", "", filled[0]![3]]], meta));
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorBody>().error.fields).toEqual({ "row.2": "第 2 行：请假需填写原因" });
    const res = await upload(daxiba, `/api/v1/meetings/${meetingId}/attendance-sheet`, "出勤.xlsx", bytes);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ excusedCount: 1, absentCount: 1, presentCount: filled.length - 2 });
    expect((await binhai.get(`/api/v1/meetings/${meetingId}/attendance-sheet`)).statusCode).toBe(404);
  });
});

async function attendanceBook(rows: unknown[][], meta: unknown[][]): Promise<Buffer> {
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("出勤登记");
  for (const r of rows) ws.addRow(r);
  const m = wb.addWorksheet("_meta", { state: "veryHidden" });
  for (const r of meta) m.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
