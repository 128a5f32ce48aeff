import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { sql } from "drizzle-orm";
import { openDatabase, queryRows, type Db } from "../../db/client.js";
import { withDatabase } from "../../../test/global-setup.js";
import { freshId, freshMobile, readBook, workbook } from "./party.testkit.js";

/** `zhenxing import-members` as an operator runs it, on its own fresh database. */
const BIN = join(import.meta.dirname, "..", "..", "..", "bin", "zhenxing.js");
const onPostgres = process.env.ZX_TEST_DB === "postgres";
let env: NodeJS.ProcessEnv;
let dataDir: string;
let dbName = "";

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "zx-import-cli-"));
  env = { ...process.env, DATA_DIR: dataDir, ZHENXING_DEMO: "0", LANG: "zh_CN.UTF-8", PORT: "0" };
  if (onPostgres) {
    const url = process.env.TEST_DATABASE_URL ?? "";
    dbName = `zxt_icli_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    env.DATABASE_URL = withDatabase(url, dbName);
    env.ZHENXING_SECRET = "cli-test-secret-cli-test-secret-0123456789";
  }
});

afterAll(async () => {
  if (onPostgres) {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? "" });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
});

function zx(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 90_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const h = await openDatabase({ dataDir, databaseUrl: env.DATABASE_URL ?? null });
  try {
    return await fn(h.db);
  } finally {
    await h.close();
  }
}

describe("zhenxing import-members", () => {
  it("imports a roster into a village's branch, refusing the whole file first, then the valid rows", async () => {
    expect(zx("import-divisions", "--code", "440523100").code).toBe(0);
    await withDb((db) =>
      db.execute(sql`INSERT INTO party_orgs (org_unit_id, kind, name) SELECT id, 'branch', name || '党支部' FROM org_units WHERE division_code = '440523100201'`),
    );
    const file = join(dataDir, "名册.xlsx");
    const good = freshId();
    writeFileSync(file, await workbook([["姓名", "证件号码", "手机号码", "入党日期"], ["甲", good, freshMobile(), "2001-07-01"], ["乙", "123", "", "2001-07-01"], ["丙", freshId("female"), "", "2003-07-01"]]));

    const refused = zx("import-members", file, "--org", "440523100201");
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("rows 3, created 0");
    expect(refused.out).toContain("1 行错误，未导入任何数据");
    expect(refused.out).toContain("第 3 行：证件号码位数不对");
    const report = join(dataDir, "名册.errors.xlsx");
    expect(existsSync(report)).toBe(true);
    expect((await readBook(readFileSync(report))).get("党员名册")?.[1]?.[0]).toBe("乙");

    const ok = zx("import-members", file, "--org", "440523100201", "--mode", "validRows");
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("created 2");
    const [n] = await withDb((db) => queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM members`));
    expect(Number(n?.n)).toBe(2);
    expect(existsSync(file)).toBe(true); // the operator's file is never deleted

    const unknown = zx("import-members", file, "--org", "440523100299");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("没有区划代码为 440523100299 的单位");
  }, 180_000);
});
