import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig } from "./config.js";
import { acquireDataDirLock, DataDirLockedError } from "./db/lock.js";

const dir = () => mkdtempSync(join(tmpdir(), "zx-config-"));

describe("config", () => {
  it("applies defaults and generates a 0600 secret for the embedded database", () => {
    const d = dir();
    const c = loadConfig({ DATA_DIR: d });
    expect(c).toMatchObject({ port: 3000, host: "127.0.0.1", databaseUrl: null, demo: true, dataDir: d });
    expect(statSync(join(d, "secret.key")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(d, "secret.key"), "utf8").trim()).toBe(c.secret);
    expect(loadConfig({ DATA_DIR: d }).secret).toBe(c.secret);
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ ZHENXING_SECRET: "short" }, "ZHENXING_SECRET"],
    [{ ZHENXING_DEMO: "maybe" }, "ZHENXING_DEMO"],
    [{ DATABASE_URL: "postgres://localhost/x" }, "ZHENXING_SECRET"],
  ])("names the bad variable in %j", (env, name) => {
    expect(() => loadConfig({ DATA_DIR: dir(), ...env })).toThrow(ConfigError);
    try {
      loadConfig({ DATA_DIR: dir(), ...env });
    } catch (e) {
      expect((e as ConfigError).message).toContain(name);
    }
  });

  it("turns the demo off on PostgreSQL", () => {
    const c = loadConfig({ DATABASE_URL: "postgres://localhost/x", ZHENXING_SECRET: "x".repeat(40) });
    expect(c.demo).toBe(false);
  });
});

describe("the data-dir lock", () => {
  it("refuses a second holder while the first lives, and takes over a stale lock", () => {
    const d = dir();
    const release = acquireDataDirLock(d);
    expect(() => acquireDataDirLock(d)).toThrow(DataDirLockedError);
    release();
    const again = acquireDataDirLock(d);
    again();
  });
});

describe("a stale lock", () => {
  it("is taken over when its process is gone", async () => {
    const { writeFileSync } = await import("node:fs");
    const d = dir();
    writeFileSync(join(d, "zhenxing.lock"), "2147483646");
    const release = acquireDataDirLock(d);
    expect(readFileSync(join(d, "zhenxing.lock"), "utf8")).toBe(String(process.pid));
    release();
  });
});
