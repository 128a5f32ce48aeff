import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type Client, type TestContext } from "../../../../test/helpers/context.js";
import { auditFor } from "../../../../test/helpers/factories.js";
import type { AdminCategory, DeadlineRuleView } from "../../../../common/contract/appeal-admin.contract.js";
import { signboardPromises } from "../signboards.service.js";
import { categoryId } from "../appeals.testkit.js";

let ctx: TestContext;
let admin: Client;
let district: Client;

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, district] = await Promise.all([ctx.login("admin"), ctx.login("chaonan")]);
});
afterAll(() => ctx.close());

const CATS = "/api/v1/appeal-config/categories";
const RULES = "/api/v1/appeal-config/deadline-rules";
const rules = async () => (await admin.get(RULES)).json<{ items: DeadlineRuleView[] }>().items;

describe("the category catalogue", () => {
  it("lists, creates, renames and disables categories (audited); residents no longer see a disabled one", async () => {
    const list = (await admin.get(CATS)).json<{ items: AdminCategory[] }>().items;
    expect(list.find((c) => c.code === "roads")).toMatchObject({ name: "道路交通", nameEn: "Roads and traffic", scale: "small", disabled: false });
    const created = await admin.post(CATS, { code: "stray-dogs", name: "流浪犬只", nameEn: "Stray dogs", scale: "small" });
    expect(created.statusCode).toBe(201);
    const cat = created.json<AdminCategory>();
    expect(cat).toMatchObject({ code: "stray-dogs", disabled: false, appeals: 0 });
    const renamed = await admin.patch(`${CATS}/${cat.id}`, { name: "犬只管理", nameEn: null });
    expect(renamed.json()).toMatchObject({ name: "犬只管理", nameEn: null });
    expect((await admin.patch(`${CATS}/${cat.id}`, { disabled: true })).json()).toMatchObject({ disabled: true });
    const offered = (await district.get("/api/v1/appeal-categories")).json<{ items: { id: string; code: string; nameEn: string | null }[] }>().items;
    expect(offered.map((c) => c.id)).not.toContain(cat.id);
    expect(offered.find((c) => c.code === "roads")).toMatchObject({ nameEn: "Roads and traffic" });
    expect((await auditFor(ctx.db, cat.id)).map((a) => a.action)).toEqual(["appealCategory.create", "appealCategory.update", "appealCategory.update"]);
  });

  it("refuses a taken code, a bad code and a one-letter name, naming the field", async () => {
    const taken = await admin.post(CATS, { code: "roads", name: "道路", scale: "small" });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ error: { fields: { code: "类别编码 roads 已被使用" } } });
    const bad = await admin.post(CATS, { code: "道路", name: "x", scale: "huge" }, { "accept-language": "en" });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json<{ error: { fields: Record<string, string> } }>().error.fields).sort()).toEqual(["code", "name", "scale"]);
    expect((await admin.patch(`${CATS}/00000000-0000-4000-8000-000000000000`, { name: "不存在" })).statusCode).toBe(404);
  });

  it("is for appeal.configure only: a district admin gets 403, anonymous 401", async () => {
    expect((await district.get(CATS)).statusCode).toBe(403);
    expect((await district.post(CATS, { code: "x-y", name: "某类", scale: "small" })).statusCode).toBe(403);
    expect((await district.put(RULES, { categoryId: null, scale: "small", level: null, stage: "handle", unit: "workingDays", amount: 1 })).statusCode).toBe(403);
    expect((await ctx.anon.get(RULES)).statusCode).toBe(401);
  });
});

describe("deadline rules", () => {
  it("edits a scale's rule, which new appeals and the signboards then use", async () => {
    const small = (await rules()).find((r) => r.scale === "small" && r.stage === "handle" && r.fallback);
    expect(small).toMatchObject({ unit: "workingDays", amount: 3 });
    const res = await admin.put(RULES, { categoryId: null, scale: "small", level: null, stage: "handle", unit: "workingDays", amount: 2 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: small?.id, amount: 2, yellowPercent: 67, fallback: true });
    expect((await signboardPromises(ctx.db)).find((p) => p.label === "小事")).toEqual({ label: "小事", limit: "2个工作日" });
    expect((await auditFor(ctx.db, small?.id ?? "")).at(-1)).toMatchObject({ action: "appealDeadlineRule.update", before: { amount: 3 } });
  });

  it("adds a category × level rule, refuses deleting a fallback, deletes the specific one", async () => {
    const land = await categoryId(ctx.db, "land");
    const added = await admin.put(RULES, { categoryId: land, scale: "major", level: "town", stage: "handle", unit: "workingDays", amount: 10, yellowPercent: 80 });
    expect(added.statusCode).toBe(200);
    const rule = added.json<DeadlineRuleView>();
    expect(rule).toMatchObject({ categoryName: "土地山林", level: "town", fallback: false });
    const again = await admin.put(RULES, { categoryId: land, scale: "major", level: "town", stage: "handle", unit: "workingDays", amount: 12 });
    expect(again.json()).toMatchObject({ id: rule.id, amount: 12 });
    const fallback = (await rules()).find((r) => r.fallback);
    expect((await admin.del(`${RULES}/${fallback?.id}`)).statusCode).toBe(409);
    expect((await admin.del(`${RULES}/${rule.id}`)).statusCode).toBe(200);
    expect((await rules()).some((r) => r.id === rule.id)).toBe(false);
    expect((await admin.del(`${RULES}/${rule.id}`)).statusCode).toBe(404);
  });

  it("refuses non-positive or fractional durations, unknown units and a scale the category does not have", async () => {
    const base = { categoryId: null, scale: "small", level: null, stage: "handle" };
    const zero = await admin.put(RULES, { ...base, unit: "workingDays", amount: 0 });
    expect(zero.statusCode).toBe(400);
    expect(zero.json()).toMatchObject({ error: { fields: { amount: "时限必须大于 0" } } });
    const half = await admin.put(RULES, { ...base, unit: "workingDays", amount: 1.5 }, { "accept-language": "en" });
    expect(half.json()).toMatchObject({ error: { fields: { amount: "This unit takes a whole number" } } });
    const unit = await admin.put(RULES, { ...base, unit: "fortnights", amount: 1 });
    expect(unit.statusCode).toBe(400);
    expect(unit.json()).toMatchObject({ error: { fields: { unit: expect.any(String) } } });
    const mismatch = await admin.put(RULES, { ...base, categoryId: await categoryId(ctx.db, "safety"), unit: "workingDays", amount: 1 });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json()).toMatchObject({ error: { fields: { scale: "类别「安全隐患」属于紧急，规则的事项规模须与之一致" } } });
    const sameDay = await admin.put(RULES, { ...base, scale: "micro", unit: "sameDay", amount: 9 });
    expect(sameDay.json()).toMatchObject({ unit: "sameDay", amount: 0 });
  });
});
