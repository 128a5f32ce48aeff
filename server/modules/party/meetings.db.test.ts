import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { auditFor } from "../../../test/helpers/factories.js";
import type { MeetingView } from "../../../common/contract/meetings.contract.js";
import type { RosterEntry } from "../../../common/contract/party.contract.js";
import { branchOf, upload } from "./party.testkit.js";

let ctx: TestContext;
let daxiba: Client;
let hongchang: Client;
let binhai: Client;
let branchId: string;
let roster: RosterEntry[];

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

beforeAll(async () => {
  ctx = await createTestContext();
  [daxiba, hongchang, binhai] = await Promise.all([ctx.login("daxiba"), ctx.login("hongchang"), ctx.login("binhai")]);
  branchId = (await branchOf(ctx.db, "440514109210")).id;
  roster = (await daxiba.get(`/api/v1/party-orgs/${branchId}/roster`)).json<{ items: RosterEntry[] }>().items;
});
afterAll(() => ctx.close());

function sheet(excusedReason: string | null = "外出务工") {
  return roster.map((m, i) => ({
    memberId: m.id,
    status: i === 0 ? "excused" : i === 1 ? "absent" : "present",
    ...(i === 0 && excusedReason !== null ? { reason: excusedReason } : {}),
  }));
}

async function meeting(body: Record<string, unknown> = {}): Promise<MeetingView> {
  const res = await daxiba.post("/api/v1/meetings", { partyOrgId: branchId, type: "themeDay", heldOn: "2026-02-10", topic: "重温入党誓词", attendance: sheet(), ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<MeetingView>();
}

describe("meetings and attendance", () => {
  it("records a meeting with its attendance sheet, audited with the counts", async () => {
    const m = await meeting({ minutes: "会议由书记主持。" });
    expect(m).toMatchObject({ recorded: true, presentCount: roster.length - 2, excusedCount: 1, absentCount: 1, minutes: "会议由书记主持。" });
    expect(m.attendance).toHaveLength(roster.length);
    expect(m.attendance.find((a) => a.memberId === roster[0]!.id)).toMatchObject({ status: "excused", reason: "外出务工", name: roster[0]!.name });
    const audit = await auditFor(ctx.db, m.id);
    expect(audit.map((a) => a.action)).toEqual(["meeting.create"]);
    expect(audit[0]!.after).toMatchObject({ type: "themeDay", attendance: { present: roster.length - 2, excused: 1, absent: 1 } });
  });

  it("needs a reason for leave, members of this organisation only, and no future date", async () => {
    const noReason = await daxiba.post("/api/v1/meetings", { partyOrgId: branchId, type: "themeDay", heldOn: "2026-02-10", topic: "主题党日", attendance: sheet(null) });
    expect(noReason.json<ErrorBody>().error.fields).toEqual({ "entries.0.reason": "请假需填写原因" });
    const other = (await hongchang.get(`/api/v1/party-orgs/${(await branchOf(ctx.db, "440514109211")).id}/roster`)).json<{ items: RosterEntry[] }>().items[0]!;
    const stranger = await daxiba.post("/api/v1/meetings", {
      partyOrgId: branchId, type: "themeDay", heldOn: "2026-02-10", topic: "主题党日",
      attendance: [...sheet(), { memberId: other.id, status: "present" }],
    });
    expect(stranger.json<ErrorBody>().error.fields?.[`entries.${roster.length}.memberId`]).toBe("出勤名单中有不属于「大溪坝村党支部」的党员");
    const future = await daxiba.post("/api/v1/meetings", { partyOrgId: branchId, type: "themeDay", heldOn: "2026-03-03", topic: "主题党日" });
    expect(future.json<ErrorBody>().error.fields).toEqual({ heldOn: "「会议日期」不能晚于今天" });
    const badType = await daxiba.post("/api/v1/meetings", { partyOrgId: branchId, type: "party", heldOn: "2026-02-10", topic: "主题党日" });
    expect(badType.json<ErrorBody>().error.fields?.type).toContain("会议类型应为");
  });

  it("replaces the sheet and corrects the meeting, each audited; other scopes see nothing", async () => {
    const m = await meeting({ type: "partyLecture", topic: "党课" });
    const entries = roster.map((r) => ({ memberId: r.id, status: "present" }));
    const put = await daxiba.put(`/api/v1/meetings/${m.id}/attendance`, { entries });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json<MeetingView>()).toMatchObject({ presentCount: roster.length, excusedCount: 0, absentCount: 0 });
    const patch = await daxiba.patch(`/api/v1/meetings/${m.id}`, { topic: "书记讲党课：抓党建促乡村振兴" });
    expect(patch.json<MeetingView>().topic).toBe("书记讲党课：抓党建促乡村振兴");
    expect((await auditFor(ctx.db, m.id)).map((a) => a.action)).toEqual(["meeting.create", "meeting.attendance", "meeting.update"]);
    expect((await binhai.get(`/api/v1/meetings/${m.id}`)).statusCode).toBe(404);
    expect((await binhai.patch(`/api/v1/meetings/${m.id}`, { topic: "改名了的主题" })).statusCode).toBe(404);
    expect((await ctx.anon.get(`/api/v1/meetings/${m.id}`)).statusCode).toBe(401);
  });

  it("lists the organisation's meetings of a year, newest first", async () => {
    const list = (await daxiba.get(`/api/v1/meetings?partyOrgId=${branchId}&year=2025&pageSize=200`)).json<{ items: { heldOn: string; recorded: boolean }[]; total: number }>();
    expect(list.total).toBeGreaterThan(10);
    expect(list.items.every((i) => i.heldOn.startsWith("2025-") && i.recorded)).toBe(true);
    expect([...list.items.map((i) => i.heldOn)]).toEqual([...list.items.map((i) => i.heldOn)].sort().reverse());
  });

  it("stores attachments of the checked types and sizes, and serves them back", async () => {
    const m = await meeting({ type: "branchCommittee", topic: "支委会", attendance: undefined });
    const pdf = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(2000, 0x20), Buffer.from("\n%%EOF\n")]);
    const res = await upload(daxiba, `/api/v1/meetings/${m.id}/attachments`, "会议记录.pdf", pdf, "application/pdf");
    expect(res.statusCode, res.body).toBe(201);
    const att = res.json<{ id: string; fileName: string; sizeBytes: number }>();
    expect(att).toMatchObject({ fileName: "会议记录.pdf", sizeBytes: pdf.length });
    const got = await daxiba.get(`/api/v1/meetings/${m.id}/attachments/${att.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(pdf)).toBe(true);
    expect(got.headers["content-disposition"]).toContain("filename*=UTF-8''%E4%BC%9A");
    expect((await binhai.get(`/api/v1/meetings/${m.id}/attachments/${att.id}`)).statusCode).toBe(404);
    const fake = await upload(daxiba, `/api/v1/meetings/${m.id}/attachments`, "x.pdf", Buffer.from("MZ not a pdf"), "application/pdf");
    expect(fake.statusCode).toBe(415);
    expect(fake.json<ErrorBody>().error.message).toBe("附件只能是 PDF、JPG、PNG、Word 或 Excel 文件");
    const huge = await upload(daxiba, `/api/v1/meetings/${m.id}/attachments`, "big.pdf", Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(10 * 1024 * 1024 + 10)]), "application/pdf");
    expect(huge.statusCode).toBe(413);
    expect(huge.json<ErrorBody>().error.message).toBe("附件不能超过 10 MB");
    const view = (await daxiba.get(`/api/v1/meetings/${m.id}`)).json<MeetingView>();
    expect(view.attachments.map((a) => a.fileName)).toEqual(["会议记录.pdf"]);
    expect((await auditFor(ctx.db, m.id)).map((a) => a.action)).toEqual(["meeting.create", "meeting.attach"]);
  });

  it("deletes a meeting recorded by mistake, keeping its content in the audit", async () => {
    const m = await meeting({ topic: "误录的会议" });
    const res = await daxiba.del(`/api/v1/meetings/${m.id}`);
    expect(res.statusCode).toBe(200);
    expect((await daxiba.get(`/api/v1/meetings/${m.id}`)).statusCode).toBe(404);
    const audit = await auditFor(ctx.db, m.id);
    expect(audit.at(-1)).toMatchObject({ action: "meeting.delete", before: expect.objectContaining({ topic: "误录的会议" }) });
  });
});
