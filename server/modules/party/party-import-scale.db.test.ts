import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/client.js";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { unitByCode } from "../../../test/helpers/factories.js";
import type { JobView } from "../../../common/contract/party-excel.contract.js";
import { branchOf, freshId, readBook, upload, waitForJob, workbook } from "./party.testkit.js";

/**
 * A roster of a few thousand rows with a handful of bad ones spread through it: the report names
 * exactly those rows (the bench covers 50,000). Names are long Chinese strings so that the
 * streamed sheet's chunks end inside characters (a broken character would refuse a good row).
 */
let ctx: TestContext;
let daxiba: Client;
let villageId: string;
let branch: { id: string; name: string };
const HEADERS = ["姓名", "性别", "证件号码", "手机号码", "入党日期", "所在党组织"];
const ROWS = 3000;

beforeAll(async () => {
  ctx = await createTestContext();
  daxiba = await ctx.login("daxiba");
  villageId = (await unitByCode(ctx.db, "440514109210")).id;
  branch = await branchOf(ctx.db, "440514109210");
});
afterAll(() => ctx.close());

async function count(): Promise<number> {
  const [r] = await queryRows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM members WHERE party_org_id = ${branch.id}`);
  return Number(r?.n ?? 0);
}

describe("member import at a few thousand rows", () => {
  it("reports exactly the bad rows, all-or-nothing and then valid rows only", async () => {
    const ids: string[] = [];
    const rows: unknown[][] = [];
    for (let i = 0; i < ROWS; i++) {
      const gender = i % 3 === 0 ? "female" : "male";
      const id = freshId(gender, `19${60 + (i % 30)}-0${1 + (i % 9)}-${10 + (i % 18)}`);
      ids.push(id);
      rows.push([`陈${"锦辉振宏鸿泽桂芳秀英".slice(0, 1 + (i % 9))}`, gender === "male" ? "男" : "女", id, `139${String(10_000_000 + i).slice(0, 8)}`, "2008-07-01", branch.name]);
    }
    // Spreadsheet rows (header is row 1): the bad ones, each broken a different way.
    const bad: Record<number, (r: unknown[]) => void> = {
      57: (r) => void (r[2] = String(r[2]).slice(0, 17) + (String(r[2]).endsWith("0") ? "1" : "0")),
      640: (r) => void (r[2] = Number(String(r[2]).slice(0, 15))),
      1201: (r) => void (r[5] = "不存在党支部"),
      1999: (r) => void (r[2] = ids[10]),
      2500: (r) => void (r[3] = "1234"),
      3001: (r) => void (r[4] = "2099-01-01"),
    };
    for (const [at, spoil] of Object.entries(bad)) spoil(rows[Number(at) - 2]!);
    const expected = Object.keys(bad).map(Number).sort((a, b) => a - b);
    const bytes = await workbook([HEADERS, ...rows]);
    const before = await count();

    const refused = await upload(daxiba, `/api/v1/party/imports/members?orgUnitId=${villageId}`, "名册.xlsx", bytes);
    const job = await waitForJob<JobView>(daxiba, refused.json<JobView>().id, 120_000);
    expect(job.result).toMatchObject({ rows: ROWS, badRows: expected.length, applied: false, created: 0 });
    expect(job.result?.samples.map((s) => s.row)).toEqual(expected);
    expect(await count()).toBe(before);
    const report = (await readBook((await daxiba.get(`/api/v1/jobs/${job.id}/errors`)).rawPayload)).get("党员名册")!;
    expect(report.slice(1).map((r) => Number(r[14]))).toEqual(expected);

    const partial = await upload(daxiba, `/api/v1/party/imports/members?orgUnitId=${villageId}&mode=validRows`, "名册.xlsx", bytes);
    const done = await waitForJob<JobView>(daxiba, partial.json<JobView>().id, 120_000);
    expect(done.result).toMatchObject({ rows: ROWS, badRows: expected.length, applied: true, created: ROWS - expected.length });
    expect(await count()).toBe(before + ROWS - expected.length);
  });
});
