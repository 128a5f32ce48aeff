import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/client.js";
import { createTestContext, type TestContext } from "../../../test/helpers/context.js";
import { auditCount, unitByCode } from "../../../test/helpers/factories.js";
import { systemActor } from "../../platform/actor.js";
import { AppError } from "../../platform/errors.js";
import { builtInDivisions, parseDivisionCsv } from "./division-source.js";
import { importDivisions } from "./import.service.js";
import * as repo from "./org.repo.js";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const actor = systemActor("test");
const run = (prefix: string, records: { code: string; name: string }[]) =>
  importDivisions({ db: ctx.db, clock: ctx.clock }, actor, { prefix, records, source: "test" });

describe("re-importing division codes", () => {
  it("is idempotent: the same data creates nothing and changes nothing", async () => {
    const src = builtInDivisions("4405");
    if (!src) throw new Error("no data");
    const summary = await run("4405", src.records);
    expect(summary).toMatchObject({ created: 0, renamed: 0, moved: 0, revoked: 0, restored: 0, unchanged: 1166 });
  });

  it("updates renamed units, revokes vanished ones (never deletes) and restores them when they return", async () => {
    const src = builtInDivisions("440523");
    if (!src) throw new Error("no data");
    const nanao = src.records;
    const renamed = nanao.map((r) => (r.code === "440523100" ? { ...r, name: "后宅新镇" } : r));
    const withoutOne = renamed.filter((r) => r.code !== "440523100201");
    const summary = await run("440523", withoutOne);
    expect(summary).toMatchObject({ created: 0, renamed: 1, revoked: 1 });
    expect((await unitByCode(ctx.db, "440523100")).name).toBe("后宅新镇");
    const gone = await unitByCode(ctx.db, "440523100201");
    expect(gone.revokedAt).not.toBeNull();
    const restored = await run("440523", nanao);
    expect(restored).toMatchObject({ renamed: 1, restored: 1, revoked: 0 });
    expect((await unitByCode(ctx.db, "440523100201")).revokedAt).toBeNull();
  });

  it("places a newly imported region under its existing parent", async () => {
    const village = { code: "440523100299", name: "新设村委会" };
    const src = builtInDivisions("440523100");
    if (!src) throw new Error("no data");
    const summary = await run("440523100", [...src.records, village]);
    expect(summary.created).toBe(1);
    const unit = await unitByCode(ctx.db, "440523100299");
    const town = await unitByCode(ctx.db, "440523100");
    expect(unit.parentId).toBe(town.id);
    expect(unit.path).toBe(`${town.path}${unit.id}/`);
    expect(unit.name).toBe("新设村");
  });

  it("re-paths a city when its province is imported above it", async () => {
    const c = await createTestContext();
    try {
      const src = builtInDivisions("44");
      if (!src) throw new Error("no data");
      // Only Shantou and the province itself, to keep the test quick.
      const records = src.records.filter((r) => r.code === "44" || r.code.startsWith("4405"));
      const summary = await importDivisions({ db: c.db, clock: c.clock }, actor, { prefix: "44", records, source: "t" });
      expect(summary).toMatchObject({ created: 1, moved: 1 });
      const province = await unitByCode(c.db, "44");
      const village = await unitByCode(c.db, "440514109210");
      expect(village.path.startsWith(province.path)).toBe(true);
      expect(village.depth).toBe(5);
    } finally {
      await c.close();
    }
  });
});

describe("bad division data", () => {
  it("names the line of a CSV with wrong columns and writes nothing", () => {
    expect(() => parseDivisionCsv("编号,地名\n440523100,后宅镇\n", "x.csv")).toThrow(AppError);
    try {
      parseDivisionCsv("统计用区划代码,名称\n440523000000,南澳县\n4405231000,后宅镇\n", "x.csv");
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).fields).toHaveProperty(["line 3"]);
    }
  });

  it("accepts the NBS 12-digit layout with extra columns", () => {
    const src = parseDivisionCsv(
      "统计用区划代码,城乡分类代码,名称\n440523000000,,南澳县\n440523100000,,后宅镇\n440523100201,220,山顶村委会\n",
      "nbs.csv",
    );
    expect(src.records.map((r) => r.code)).toEqual(["440523", "440523100", "440523100201"]);
  });

  it("refuses an orphan (parent neither in the file nor stored) without writing", async () => {
    const before = await auditCount(ctx.db);
    await expect(
      run("450101", [
        { code: "450101", name: "某区" },
        { code: "450101001001", name: "某社区居委会" },
      ]),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await auditCount(ctx.db)).toBe(before);
    expect(await repo.findByCode(ctx.db, "450101")).toBeNull();
  });

  it("refuses a malformed prefix", async () => {
    await expect(run("4405x", [])).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("leaves the planner statistics of org_units current after a load (PGlite has no autovacuum)", async () => {
    const reltuples = async () => Number((await queryRows<{ n: number | string }>(ctx.db, sql`SELECT reltuples AS n FROM pg_class WHERE relname = 'org_units' AND relkind = 'r'`))[0]?.n);
    const src = builtInDivisions("4451");
    if (!src) throw new Error("no data");
    const summary = await run("4451", src.records);
    expect(summary.created).toBeGreaterThan(500);
    const [count] = await queryRows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM org_units`);
    // ANALYZE samples at most 30,000 rows: every row here, so the estimate is the count.
    expect(await reltuples()).toBe(Number(count!.n));
  });
});
