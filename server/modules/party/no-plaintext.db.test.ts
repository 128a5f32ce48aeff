import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/client.js";
import { withDatabase } from "../../../test/global-setup.js";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { unitByCode } from "../../../test/helpers/factories.js";
import type { JobView } from "../../../common/contract/party-excel.contract.js";
import { branchOf, freshId, freshMobile, upload, waitForJob, workbook } from "./party.testkit.js";

/**
 * PIPL by design: after registering members through the API and an import (including a refused
 * row, whose error report is kept), no ID number or phone appears in plaintext in the database
 * files (PGlite's data directory, WAL included), in a pg_dump, or in the uploads directory.
 */
let ctx: TestContext;
let daxiba: Client;
const secrets: string[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  daxiba = await ctx.login("daxiba");
  const branch = await branchOf(ctx.db, "440514109210");
  const village = await unitByCode(ctx.db, "440514109210");
  const id = freshId();
  const phone = freshMobile();
  const res = await daxiba.post("/api/v1/members", { partyOrgId: branch.id, name: "隐私测试", idNumber: id, phone, joinedOn: "2012-07-01" });
  expect(res.statusCode).toBe(201);
  const importedId = freshId("female");
  const importedPhone = freshMobile();
  const refusedId = freshId();
  const refusedPhone = freshMobile();
  const headers = ["姓名", "证件号码", "手机号码", "入党日期"];
  const bytes = await workbook([headers, ["导入测试", importedId, importedPhone, "2015-07-01"], ["拒收测试", refusedId, refusedPhone, "1900-01-01"]]);
  const started = await upload(daxiba, `/api/v1/party/imports/members?orgUnitId=${village.id}&mode=validRows`, "名册.xlsx", bytes);
  const job = await waitForJob<JobView>(daxiba, started.json<JobView>().id);
  expect(job.result).toMatchObject({ created: 1, badRows: 1, hasErrorWorkbook: true });
  secrets.push(id, phone, importedId, importedPhone, refusedId, refusedPhone);
});
afterAll(() => ctx.close());

function findAny(haystack: Buffer): string[] {
  return secrets.filter((s) => haystack.includes(Buffer.from(s, "utf8")));
}

function filesUnder(dir: string): string[] {
  let out: string[] = [];
  try {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      out = statSync(p).isDirectory() ? [...out, ...filesUnder(p)] : [...out, p];
    }
  } catch {
    return out;
  }
  return out;
}

describe("no plaintext personal data at rest", () => {
  it("the API still shows the members, masked", async () => {
    const list = (await daxiba.get(`/api/v1/members?q=${secrets[0]}`)).json<{ items: { idMasked: string }[] }>();
    expect(list.items).toHaveLength(1);
  });

  it.runIf(process.env.ZX_TEST_DB !== "postgres")("is absent from PGlite's data directory dump (tables, indexes, WAL)", async () => {
    if (!ctx.handle.pglite) return;
    await ctx.handle.pglite.exec("CHECKPOINT");
    const dump = Buffer.from(await (await ctx.handle.pglite.dumpDataDir("none")).arrayBuffer());
    expect(dump.length).toBeGreaterThan(10_000_000);
    // The test is only meaningful if it can see text: the member's name is there in plaintext.
    expect(dump.includes(Buffer.from("隐私测试", "utf8"))).toBe(true);
    expect(findAny(dump)).toEqual([]);
  });

  it.runIf(process.env.ZX_TEST_DB === "postgres")("is absent from pg_dump of the database", async () => {
    const [row] = await queryRows<{ db: string }>(ctx.db, sql`SELECT current_database() AS db`);
    const url = withDatabase(process.env.TEST_DATABASE_URL ?? "", row?.db ?? "");
    const r = spawnSync("pg_dump", ["--data-only", url], { maxBuffer: 1024 * 1024 * 1024 });
    if (r.error) {
      console.warn("\n!!!!!!!! pg_dump is not installed: the PostgreSQL no-plaintext check is SKIPPED !!!!!!!!\n");
      return;
    }
    expect(r.status, r.stderr.toString()).toBe(0);
    expect(r.stdout.includes(Buffer.from("隐私测试", "utf8"))).toBe(true);
    expect(findAny(r.stdout)).toEqual([]);
  });

  it("is absent from the uploads directory (the kept error report is encrypted)", async () => {
    const files = filesUnder(ctx.config.uploadsDir);
    expect(files.some((f) => f.includes("errors"))).toBe(true);
    for (const f of files) expect(findAny(readFileSync(f))).toEqual([]);
  });
});
