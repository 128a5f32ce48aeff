import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { sql } from "drizzle-orm";
import { openDatabase } from "./db/client.js";
import { withDatabase } from "../test/global-setup.js";

/**
 * The `zhenxing` command as an operator runs it, in a child process, on its own fresh database
 * (a PGlite data dir, or a new PostgreSQL database when the suite runs on PostgreSQL).
 */
const BIN = join(import.meta.dirname, "..", "bin", "zhenxing.js");
const onPostgres = process.env.ZX_TEST_DB === "postgres";
let env: NodeJS.ProcessEnv;
let dataDir: string;
let dbName = "";

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "zx-cli-"));
  env = { ...process.env, DATA_DIR: dataDir, ZHENXING_DEMO: "0", LANG: "zh_CN.UTF-8", PORT: "0" };
  if (onPostgres) {
    const url = process.env.TEST_DATABASE_URL ?? "";
    dbName = `zxt_cli_${randomBytes(4).toString("hex")}`;
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
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>["db"]) => Promise<T>): Promise<T> {
  const h = await openDatabase({ dataDir, databaseUrl: env.DATABASE_URL ?? null });
  try {
    return await fn(h.db);
  } finally {
    await h.close();
  }
}

describe("zhenxing CLI", () => {
  it("migrates, imports a region from the built-in data, twice without duplicates", () => {
    expect(zx("migrate").code).toBe(0);
    const first = zx("import-divisions", "--code", "440523");
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ created: 50, revoked: 0 });
    const again = zx("import-divisions", "--code", "440523");
    expect(JSON.parse(again.out)).toMatchObject({ created: 0, unchanged: 50 });
  }, 90_000);

  it("imports from an NBS CSV and names the bad line of a broken one", () => {
    const good = join(dataDir, "good.csv");
    writeFileSync(good, "统计用区划代码,名称\n440523000000,南澳县\n440523100000,后宅镇\n440523100299,测试村委会\n");
    const r = zx("import-divisions", "--code", "440523100", "--file", good);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ created: 1 });
    const bad = join(dataDir, "bad.csv");
    writeFileSync(bad, "code,name\n440523000000,南澳县\n44052310,坏代码\n");
    const b = zx("import-divisions", "--code", "440523", "--file", bad);
    expect(b.code).toBe(2);
    expect(b.err).toContain("第 3 行");
  }, 90_000);

  it("creates a user scoped by division code and refuses bad input", () => {
    const ok = zx("user", "create", "--username", "nanao", "--role", "districtAdmin", "--scope", "440523", "--password", "nanao-password-1");
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("districtAdmin@南澳县");
    const dup = zx("user", "create", "--username", "nanao", "--role", "districtAdmin", "--scope", "440523", "--password", "nanao-password-1");
    expect(dup.code).toBe(2);
    expect(dup.err).toContain("nanao");
    const weak = zx("user", "create", "--username", "weak", "--role", "districtAdmin", "--scope", "440523", "--password", "short");
    expect(weak.code).toBe(2);
    expect(weak.err).toContain("密码");
    const level = zx("user", "create", "--username", "lvl", "--role", "townAdmin", "--scope", "440523", "--password", "long-enough-pw");
    expect(level.code).toBe(2);
  }, 90_000);

  it("verifies the audit chain and names the row edited by hand", async () => {
    const ok = zx("audit", "verify");
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/intact: \d+ records/);
    await withDb((db) => db.execute(sql`UPDATE audit_log SET actor_name = 'someone-else' WHERE seq = 7`));
    const broken = zx("audit", "verify");
    expect(broken.code).toBe(1);
    expect(broken.err).toContain("record 7");
  }, 90_000);

  it.skipIf(onPostgres)("refuses a second process on the same embedded database", async () => {
    const server = spawn(process.execPath, [BIN, "start"], { env: { ...env, PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("server did not start")), 60_000);
        server.stdout.on("data", (d: Buffer) => {
          if (d.toString().includes("serving on")) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const second = zx("migrate");
      expect(second.code).toBe(1);
      expect(second.err).toContain("Another zhenxing process");
    } finally {
      server.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
    }
  }, 90_000);
});
