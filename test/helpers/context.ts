import { inject } from "vitest";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { buildApp } from "../../server/app.js";
import type { Config } from "../../server/config.js";
import { openDatabase, type Db, type DbHandle } from "../../server/db/client.js";
import { ManualClock } from "../../server/platform/clock.js";
import { DEMO_PASSWORD } from "../../server/modules/demo/demo.service.js";
import { TEST_CLOCK_START, withDatabase } from "../global-setup.js";

import { TEST_SECRET } from "./secret.js";

export { TEST_SECRET };

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: "127.0.0.1",
    dataDir: "/nonexistent",
    uploadsDir: join(tmpdir(), `zx-test-uploads-${process.pid}`),
    databaseUrl: null,
    secret: TEST_SECRET,
    demo: false,
    publicBaseUrl: "http://zhenxing.test",
    timeZone: "Asia/Shanghai",
    trustProxy: false,
    logLevel: "silent",
    sweepIntervalMs: 30_000,
    ...overrides,
  };
}

/** A signed-in user driving the app through inject(), cookie and CSRF header included. */
export interface Client {
  username: string;
  csrfToken: string;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  del(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export interface TestContext {
  app: FastifyInstance;
  db: Db;
  handle: DbHandle;
  clock: ManualClock;
  config: Config;
  /** Signs in (demo password by default) and returns a client. */
  login(username: string, password?: string): Promise<Client>;
  /** An anonymous client (no cookie). */
  anon: Client;
  close(): Promise<void>;
}

/** Opens a private copy of the golden database (PGlite image or PostgreSQL template). */
export async function openTestDatabase(): Promise<{ handle: DbHandle; drop: () => Promise<void> }> {
  const kind = process.env.ZX_TEST_DB;
  if (kind === "postgres") {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error("TEST_DATABASE_URL is not set");
    const template = inject("pgTemplate");
    const name = `${template}_c${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // Concurrent copies of one template can collide ("being accessed by other users"): retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        break;
      } catch (err) {
        if (attempt > 20) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    const handle = await openDatabase({ dataDir: "", databaseUrl: withDatabase(url, name), poolSize: 5 });
    return {
      handle,
      drop: async () => {
        // pool.end() has sent every connection its Terminate, but a backend may not have exited
        // yet; FORCE would kill it mid-goodbye and the client would report an unhandled FATAL.
        for (let attempt = 0; ; attempt++) {
          try {
            await admin.query(`DROP DATABASE IF EXISTS ${name}${attempt >= 20 ? " WITH (FORCE)" : ""}`);
            break;
          } catch (err) {
            if (attempt >= 20) throw err;
            await new Promise((r) => setTimeout(r, 50));
          }
        }
        await admin.end();
      },
    };
  }
  const image = new Blob([readFileSync(inject("goldenImage"))]);
  const handle = await openDatabase({ dataDir: "", databaseUrl: null, inMemory: true, loadDataDir: image });
  return { handle, drop: async () => undefined };
}

export async function createTestContext(opts: { config?: Partial<Config> } = {}): Promise<TestContext> {
  const { handle, drop } = await openTestDatabase();
  const clock = new ManualClock(TEST_CLOCK_START);
  const config = testConfig(opts.config);
  const app = await buildApp({ db: handle.db, dbKind: handle.kind, config, clock, version: "test" });
  await app.ready();
  const anon = makeClient(app, "", "", "");
  return {
    app,
    db: handle.db,
    handle,
    clock,
    config,
    anon,
    async login(username, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === "zx_session");
      if (!cookie) throw new Error("no session cookie");
      const me = res.json<{ csrfToken: string }>();
      return makeClient(app, username, `zx_session=${cookie.value}`, me.csrfToken);
    },
    async close() {
      await app.close();
      await handle.close();
      await drop();
    },
  };
}

export function makeClient(app: FastifyInstance, username: string, cookie: string, csrfToken: string): Client {
  const base = (extra?: Record<string, string>): Record<string, string> => ({
    ...(cookie ? { cookie } : {}),
    ...(extra ?? {}),
  });
  const write = (extra?: Record<string, string>) => base({ ...(csrfToken ? { "x-csrf-token": csrfToken } : {}), ...(extra ?? {}) });
  return {
    username,
    csrfToken,
    get: (url, headers) => app.inject({ method: "GET", url, headers: base(headers) }),
    post: (url, body, headers) =>
      app.inject({ method: "POST", url, headers: write(headers), ...(body === undefined ? {} : { payload: body as object }) }),
    patch: (url, body, headers) => app.inject({ method: "PATCH", url, headers: write(headers), payload: (body ?? {}) as object }),
    put: (url, body, headers) => app.inject({ method: "PUT", url, headers: write(headers), payload: (body ?? {}) as object }),
    del: (url, headers) => app.inject({ method: "DELETE", url, headers: write(headers) }),
  };
}
