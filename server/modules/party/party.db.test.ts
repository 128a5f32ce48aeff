import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { auditFor, unitByCode } from "../../../test/helpers/factories.js";
import type { PartyOrgDetail, ComplianceView, RosterEntry } from "../../../common/contract/party.contract.js";
import { branchOf } from "./party.testkit.js";

let ctx: TestContext;
let admin: Client;
let hongchang: Client;
let daxiba: Client;
let binhai: Client;

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, hongchang, daxiba, binhai] = await Promise.all([ctx.login("admin"), ctx.login("hongchang"), ctx.login("daxiba"), ctx.login("binhai")]);
});
afterAll(() => ctx.close());

describe("party organisations", () => {
  it("needs a session (401) and hides other scopes (404)", async () => {
    const branch = await branchOf(ctx.db, "440514109210");
    expect((await ctx.anon.get("/api/v1/party-orgs")).statusCode).toBe(401);
    expect((await ctx.anon.get(`/api/v1/party-orgs/${branch.id}`)).statusCode).toBe(401);
    expect((await binhai.get(`/api/v1/party-orgs/${branch.id}`)).statusCode).toBe(404);
    expect((await binhai.get(`/api/v1/party-orgs/${branch.id}/compliance`)).statusCode).toBe(404);
    expect((await binhai.get(`/api/v1/party-orgs/${branch.id}/roster`)).statusCode).toBe(404);
    expect((await binhai.patch(`/api/v1/party-orgs/${branch.id}`, { name: "改名党支部" })).statusCode).toBe(404);
  });

  it("lists only the organisations in the actor's scope, with the demo's members counted", async () => {
    const mine = (await daxiba.get("/api/v1/party-orgs")).json<{ items: { name: string; memberCount: number; abilities: { manage: boolean } }[]; total: number }>();
    expect(mine.items.map((i) => i.name)).toEqual(["大溪坝村党支部"]);
    expect(mine.items[0]!.memberCount).toBeGreaterThanOrEqual(20);
    expect(mine.items[0]!.abilities.manage).toBe(true);
    const town = (await hongchang.get("/api/v1/party-orgs?pageSize=100")).json<{ items: { name: string; kind: string }[]; total: number }>();
    expect(town.items[0]).toMatchObject({ name: "红场镇党委", kind: "committee" });
    expect(town.total).toBe(25); // the town committee and its 24 villages' branches
  });

  it("shows one organisation with its parent, children and path", async () => {
    const committee = (await hongchang.get("/api/v1/party-orgs?kind=committee")).json<{ items: { id: string }[] }>().items[0]!;
    const res = await hongchang.get(`/api/v1/party-orgs/${committee.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json<PartyOrgDetail>();
    expect(body.children).toHaveLength(24);
    expect(body.ancestors.map((a) => a.name)).toEqual(["汕头市", "潮南区", "红场镇"]);
  });

  it("creates an organisation under the nearest committee by default, with a five-year term, audited", async () => {
    const unit = await unitByCode(ctx.db, "440514109210");
    const res = await daxiba.post("/api/v1/party-orgs", { orgUnitId: unit.id, kind: "branch", name: "大溪坝村第二党支部", termStart: "2024-01-10" });
    expect(res.statusCode).toBe(201);
    const created = res.json<PartyOrgDetail>();
    expect(created).toMatchObject({ parentName: "红场镇党委", termEnd: "2029-01-10", memberCount: 0 });
    const audit = await auditFor(ctx.db, created.id);
    expect(audit.map((a) => a.action)).toEqual(["party.createOrg"]);
    expect(audit[0]!.actorName).toBe("daxiba");

    const again = await daxiba.post("/api/v1/party-orgs", { orgUnitId: unit.id, kind: "branch", name: "大溪坝村第二党支部" });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { fields: Record<string, string> } }>().error.fields.name).toContain("已有名为");
  });

  it("refuses a bad level, a branch as parent and an inverted term, naming the field in Chinese", async () => {
    const city = await unitByCode(ctx.db, "4405");
    const atCity = await admin.post("/api/v1/party-orgs", { orgUnitId: city.id, kind: "committee", name: "汕头市某党委" });
    expect(atCity.json<{ error: { fields: Record<string, string> } }>().error.fields.orgUnitId).toBe("党组织只能设在区(县)、镇(街道)或村(社区)");
    const branch = await branchOf(ctx.db, "440514109210");
    const unit = await unitByCode(ctx.db, "440514109210");
    const underBranch = await daxiba.post("/api/v1/party-orgs", { orgUnitId: unit.id, kind: "branch", name: "大溪坝村第三党支部", parentPartyOrgId: branch.id });
    expect(underBranch.statusCode).toBe(400);
    const badKind = await daxiba.post("/api/v1/party-orgs", { orgUnitId: unit.id, kind: "cell", name: "大溪坝村第四党支部" });
    expect(badKind.json<{ error: { fields: Record<string, string> } }>().error.fields.kind).toBe("党组织类别应为：党委 / 党总支 / 党支部");
    const terms = await daxiba.patch(`/api/v1/party-orgs/${branch.id}`, { termStart: "2024-01-01", termEnd: "2023-01-01" });
    expect(terms.json<{ error: { fields: Record<string, string> } }>().error.fields.termEnd).toBe("任期届满日期应晚于任期开始日期");
  });

  it("sets a secretary only from the organisation's full members", async () => {
    const branch = await branchOf(ctx.db, "440514109210");
    const other = await branchOf(ctx.db, "440514109211");
    const stranger = (await hongchang.get(`/api/v1/party-orgs/${other.id}/roster`)).json<{ items: RosterEntry[] }>().items[0]!;
    const bad = await daxiba.patch(`/api/v1/party-orgs/${branch.id}`, { secretaryId: stranger.id });
    expect(bad.json<{ error: { fields: Record<string, string> } }>().error.fields.secretaryId).toBe("书记应为本党组织的正式党员");
    const roster = (await daxiba.get(`/api/v1/party-orgs/${branch.id}/roster`)).json<{ items: RosterEntry[] }>().items;
    const member = roster.find((r) => r.status === "full")!;
    const ok = await daxiba.patch(`/api/v1/party-orgs/${branch.id}`, { secretaryId: member.id });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<PartyOrgDetail>().secretaryName).toBe(member.name);
    expect((await auditFor(ctx.db, branch.id)).map((a) => a.action)).toContain("party.updateOrg");
  });

  it("reports organisational life against the cadence by month", async () => {
    const branch = await branchOf(ctx.db, "440514109210");
    const res = await daxiba.get(`/api/v1/party-orgs/${branch.id}/compliance?year=2025`);
    expect(res.statusCode).toBe(200);
    const c = res.json<ComplianceView>();
    expect(c.applicable).toBe(true);
    expect(c.months).toHaveLength(12);
    // The demo's year runs March 2025 – February 2026: nothing before March.
    expect(c.months[0]!.held.themeDay + c.months[1]!.held.themeDay).toBe(0);
    expect(c.types.reduce((s, t) => s + t.expected, 0)).toBe(46);
    expect(c.heldRate).toBeGreaterThan(0);
    expect(c.heldRate).toBeLessThanOrEqual(1);
    const current = (await daxiba.get(`/api/v1/party-orgs/${branch.id}/compliance`)).json<ComplianceView>();
    expect(current.year).toBe(2026);
    expect(current.months[5]!.level).toBe("pending");
  });
});
