import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { auditFor, unitByCode } from "../../../test/helpers/factories.js";
import type { MemberView } from "../../../common/contract/members.contract.js";
import { branchOf, freshId, freshMobile } from "./party.testkit.js";

let ctx: TestContext;
let admin: Client;
let hongchang: Client;
let daxiba: Client;
let binhai: Client;
let leader: Client;

/** JSON of audit rows (their seq is a bigint). */
const json = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, hongchang, daxiba, binhai] = await Promise.all([ctx.login("admin"), ctx.login("hongchang"), ctx.login("daxiba"), ctx.login("binhai")]);
  const town = await unitByCode(ctx.db, "440514109");
  const created = await admin.post("/api/v1/users", {
    username: "leader.hc",
    displayName: "红场镇联系领导",
    password: "leader-password-2026",
    grant: { role: "leader", orgUnitId: town.id },
  });
  expect(created.statusCode).toBe(201);
  leader = await ctx.login("leader.hc", "leader-password-2026");
});
afterAll(() => ctx.close());

async function newMember(client: Client, partyOrgId: string, extra: Record<string, unknown> = {}): Promise<{ view: MemberView; id: string; phone: string }> {
  const id = freshId();
  const phone = freshMobile();
  const res = await client.post("/api/v1/members", { partyOrgId, name: "测试党员", idNumber: id.toLowerCase(), phone, joinedOn: "2010-07-01", education: "bachelor", ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return { view: res.json<MemberView>(), id, phone };
}

describe("members", () => {
  it("registers a member and never answers or audits the full ID number or phone", async () => {
    const branch = await branchOf(ctx.db, "440514109210");
    const res = await daxiba.post("/api/v1/members", { partyOrgId: branch.id, name: "林晓明", idNumber: "", joinedOn: "2010-07-01" });
    expect(res.statusCode).toBe(400);
    const { view, id, phone } = await newMember(daxiba, branch.id);
    expect(view.idMasked).toBe(`${id.slice(0, 4)}**********${id.slice(14)}`);
    expect(view.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    expect(view.birthDate).toBe(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`);
    expect(view.gender).toBe("male");
    const got = await daxiba.get(`/api/v1/members/${view.id}`);
    expect(got.body).not.toContain(id);
    expect(got.body).not.toContain(phone);
    const audit = await auditFor(ctx.db, view.id);
    expect(audit.map((a) => a.action)).toEqual(["member.create"]);
    expect(json(audit)).not.toContain(id);
    expect(json(audit)).not.toContain(phone);
  });

  it("names every bad field in Chinese", async () => {
    const branch = await branchOf(ctx.db, "440514109210");
    const good = freshId();
    const badCheck = good.slice(0, 17) + (good.endsWith("0") ? "1" : "0");
    const res = await daxiba.post("/api/v1/members", { partyOrgId: branch.id, name: "张3", idNumber: badCheck, joinedOn: "2001-01-01" });
    expect(res.statusCode).toBe(400);
    const fields = res.json<ErrorBody>().error.fields!;
    expect(fields.name).toBe("「名称」不能含数字或控制字符");
    expect(fields.idNumber).toBe("证件号码校验位不对，请核对是否输错");
    const status = await daxiba.post("/api/v1/members", { partyOrgId: branch.id, name: "张三", idNumber: good, joinedOn: "2001-01-01", status: "formal" });
    expect(status.json<ErrorBody>().error.fields).toEqual({ status: "党员类别应为：正式党员 / 预备党员" });
    const phone = await daxiba.post("/api/v1/members", { partyOrgId: branch.id, name: "张三", idNumber: good, phone: "0754-88881234", joinedOn: "2001-01-01" });
    expect(phone.json<ErrorBody>().error.fields).toEqual({ phone: "手机号码应为 1 开头的 11 位数字" });
    const young = await daxiba.post("/api/v1/members", { partyOrgId: branch.id, name: "张三", idNumber: good, joinedOn: `${good.slice(6, 10)}-12-31` });
    expect(young.json<ErrorBody>().error.fields?.joinedOn).toBe("「入党日期」早于年满 18 周岁");
  });

  it("refuses an ID number already registered anywhere in the city, naming that organisation", async () => {
    const branch = await branchOf(ctx.db, "440514109210");
    const { id } = await newMember(daxiba, branch.id);
    const elsewhere = await branchOf(ctx.db, "440514109211");
    const dup = await hongchang.post("/api/v1/members", { partyOrgId: elsewhere.id, name: "王五", idNumber: id, joinedOn: "2012-05-01" });
    expect(dup.statusCode).toBe(409);
    const body = dup.json<ErrorBody>();
    expect(body.error.fields?.idNumber).toContain(`已在「${branch.name}」登记`);
    expect(dup.body).not.toContain(id);
  });

  it("finds a member by full ID number or mobile through the keyed hash, and by name", async () => {
    const branch = await branchOf(ctx.db, "440514109210");
    const { view, id, phone } = await newMember(daxiba, branch.id, { name: "欧阳查找" });
    for (const q of [id, phone, "欧阳查"]) {
      const list = (await daxiba.get(`/api/v1/members?q=${encodeURIComponent(q)}`)).json<{ items: { id: string }[] }>();
      expect(list.items.map((i) => i.id)).toContain(view.id);
    }
    const outside = (await binhai.get(`/api/v1/members?q=${id}`)).json<{ items: unknown[] }>();
    expect(outside.items).toHaveLength(0);
  });

  it("answers 401 without a session and 404 outside scope", async () => {
    const branch = await branchOf(ctx.db, "440514109210");
    const { view } = await newMember(daxiba, branch.id);
    expect((await ctx.anon.get(`/api/v1/members/${view.id}`)).statusCode).toBe(401);
    expect((await ctx.anon.post(`/api/v1/members/${view.id}/unmask`, { reason: "核对" })).statusCode).toBe(401);
    for (const res of [
      await binhai.get(`/api/v1/members/${view.id}`),
      await binhai.patch(`/api/v1/members/${view.id}`, { name: "改名" }),
      await binhai.post(`/api/v1/members/${view.id}/unmask`, { reason: "核对信息" }),
      await binhai.get(`/api/v1/members/${view.id}/attendance`),
    ]) {
      expect(res.statusCode).toBe(404);
    }
  });

  it("shows the full values only with member.unmask and a reason, auditing who and why but not what", async () => {
    const branch = await branchOf(ctx.db, "440514109210");
    const { view, id, phone } = await newMember(daxiba, branch.id);
    expect((await hongchang.post(`/api/v1/members/${view.id}/unmask`, {})).statusCode).toBe(400);
    expect((await leader.post(`/api/v1/members/${view.id}/unmask`, { reason: "联系核实" })).statusCode).toBe(403);
    const ok = await hongchang.post(`/api/v1/members/${view.id}/unmask`, { reason: "换届资格审查" });
    expect(ok.json()).toEqual({ idNumber: id, phone });
    const audit = (await auditFor(ctx.db, view.id)).find((a) => a.action === "member.unmask")!;
    expect(audit.actorName).toBe("hongchang");
    expect(audit.after).toEqual({ reason: "换届资格审查", fields: ["idNumber", "phone"] });
    expect(json(audit)).not.toContain(id);
  });

  it("corrects a record with an audit of the changed fields only, masked", async () => {
    const branch = await branchOf(ctx.db, "440514109210");
    const { view, phone } = await newMember(daxiba, branch.id);
    const newPhone = freshMobile();
    const res = await daxiba.patch(`/api/v1/members/${view.id}`, { phone: newPhone, mobileMember: true, mobileWorkplace: "广东省深圳市" });
    expect(res.statusCode).toBe(200);
    expect(res.json<MemberView>()).toMatchObject({ mobileMember: true, mobileWorkplace: "广东省深圳市", idMasked: view.idMasked });
    const update = (await auditFor(ctx.db, view.id)).find((a) => a.action === "member.update")!;
    expect(Object.keys(update.after as object).sort()).toEqual(["mobileMember", "mobileWorkplace", "phone"]);
    expect(json(update)).not.toContain(newPhone);
    expect(json(update)).not.toContain(phone);
    const same = await daxiba.patch(`/api/v1/members/${view.id}`, { phone: newPhone });
    expect(same.statusCode).toBe(200);
    expect((await auditFor(ctx.db, view.id)).filter((a) => a.action === "member.update")).toHaveLength(1);
  });

  it("transfers a member between organisations, keeping the history and auditing both sides", async () => {
    const from = await branchOf(ctx.db, "440514109210");
    const to = await branchOf(ctx.db, "440514109211");
    const { view } = await newMember(daxiba, from.id);
    // The village secretary cannot see the other village: its organisation does not exist for them.
    expect((await daxiba.post(`/api/v1/members/${view.id}/transfer`, { toPartyOrgId: to.id, transferredOn: "2026-02-01", reason: "迁居" })).statusCode).toBe(404);
    const res = await hongchang.post(`/api/v1/members/${view.id}/transfer`, { toPartyOrgId: to.id, transferredOn: "2026-02-01", reason: "婚嫁迁居" });
    expect(res.statusCode).toBe(200);
    const moved = res.json<MemberView>();
    expect(moved.partyOrgName).toBe(to.name);
    expect(moved.transfers).toEqual([expect.objectContaining({ fromPartyOrgName: from.name, toPartyOrgName: to.name, transferredOn: "2026-02-01", reason: "婚嫁迁居" })]);
    const audit = await auditFor(ctx.db, view.id);
    expect(audit.filter((a) => a.action.startsWith("member.transfer")).map((a) => [a.action, a.orgPath])).toEqual([
      ["member.transferOut", from.path],
      ["member.transferIn", to.path],
    ]);
    expect((await daxiba.get(`/api/v1/members/${view.id}`)).statusCode).toBe(404);
    const again = await hongchang.post(`/api/v1/members/${view.id}/transfer`, { toPartyOrgId: to.id, transferredOn: "2026-02-02", reason: "重复" });
    expect(again.json<ErrorBody>().error.fields?.toPartyOrgId).toBe("转入的党组织与当前所在党组织相同");
  });

  it("lists a demo member's attendance for a year with totals", async () => {
    const branch = await branchOf(ctx.db, "440514109210");
    const list = (await daxiba.get(`/api/v1/members?partyOrgId=${branch.id}&pageSize=200`)).json<{ items: { id: string; mobileMember: boolean }[] }>();
    const member = list.items[0]!;
    const res = await daxiba.get(`/api/v1/members/${member.id}/attendance?year=2025`);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ items: { status: string; heldOn: string }[]; totals: { present: number; excused: number; absent: number } }>();
    expect(body.items.length).toBeGreaterThan(10);
    expect(body.items.every((i) => i.heldOn.startsWith("2025-"))).toBe(true);
    expect(body.totals.present + body.totals.excused + body.totals.absent).toBe(body.items.length);
  });
});
