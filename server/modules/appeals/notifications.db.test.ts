import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { unitByCode } from "../../../test/helpers/factories.js";
import { queryRows } from "../../db/client.js";
import { TEST_SECRET } from "../../../test/helpers/secret.js";
import { appealsCipher } from "./appeals-deps.js";
import { deliverOutbox } from "./outbox.js";
import { httpNotifier, webhookSignature } from "./notifier.js";
import { notifyUnits } from "./notify.js";

interface Received {
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let ctx: TestContext;
let town: Client;
let server: Server;
let base = "";
const received: Received[] = [];
let failNext = 0;

beforeAll(async () => {
  ctx = await createTestContext();
  town = await ctx.login("hongchang");
  // A local receiver standing in for WeCom, DingTalk and a webhook endpoint.
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body });
      if (failNext > 0) {
        failNext--;
        res.writeHead(500).end("down");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(req.url?.startsWith("/hook") ? "ok" : JSON.stringify({ errcode: 0, errmsg: "ok" }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await ctx.close();
});

const deps = () => ({ db: ctx.db, clock: ctx.clock, pii: appealsCipher(TEST_SECRET) });

describe("notifications", () => {
  it("configures channels per unit (URL stored encrypted, shown as host only); other towns cannot", async () => {
    const unit = await unitByCode(ctx.db, "440514109");
    const res = await town.post("/api/v1/notifier-configs", { orgUnitId: unit.id, kind: "webhook", name: "镇指挥中心", url: `${base}/hook?key=s3cret`, secret: "webhook-secret-1" });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ urlHost: new URL(base).host, hasSecret: true, perMinute: 20 });
    const [row] = await queryRows<{ url_cipher: string }>(ctx.db, sql`SELECT url_cipher FROM notifier_configs WHERE id = ${res.json<{ id: string }>().id}`);
    expect(row?.url_cipher).not.toContain("s3cret");
    const binhai = await ctx.login("binhai");
    expect((await binhai.post("/api/v1/notifier-configs", { orgUnitId: unit.id, kind: "webhook", name: "x", url: `${base}/hook` })).statusCode).toBe(404);
    expect((await town.post("/api/v1/notifier-configs", { orgUnitId: unit.id, kind: "webhook", name: "x", url: "http://example.com/hook" })).statusCode).toBe(400);
    expect((await town.del(`/api/v1/notifier-configs/${res.json<{ id: string }>().id}`)).statusCode).toBe(200);
  });

  it("delivers WeCom, DingTalk (signed) and webhook messages (HMAC) from the outbox, throttled to 20 a minute", async () => {
    const village = await unitByCode(ctx.db, "440514109211");
    const mk = (kind: string, path: string, secret?: string) =>
      town.post("/api/v1/notifier-configs", { orgUnitId: village.id, kind, name: kind, url: `${base}${path}`, ...(secret ? { secret } : {}) });
    expect((await mk("wecomRobot", "/wecom?key=k")).statusCode).toBe(201);
    expect((await mk("dingtalkRobot", "/ding?access_token=t", "SECding-secret")).statusCode).toBe(201);
    expect((await mk("webhook", "/hook", "hook-secret-2")).statusCode).toBe(201);
    received.length = 0;
    await ctx.db.transaction(async (tx) => {
      for (let i = 0; i < 25; i++) {
        await notifyUnits(tx, ctx.clock, [village.id], { kind: "test", titleKey: "notify.new.title", params: { code: `T${i}`, category: "环境卫生" }, entityType: "appeal", entityId: "00000000-0000-4000-8000-000000000000" });
      }
    });
    const first = await deliverOutbox(deps(), httpNotifier(), 200);
    expect(first.sent).toBe(60); // 20 per channel
    expect(first.deferred).toBe(15);
    const wecom = received.find((r) => r.path.startsWith("/wecom"));
    expect(JSON.parse(wecom?.body ?? "{}")).toMatchObject({ msgtype: "text", text: { content: expect.stringContaining("新诉求 T") } });
    const ding = received.find((r) => r.path.startsWith("/ding"));
    expect(ding?.path).toMatch(/timestamp=\d+&sign=/);
    const hook = received.find((r) => r.path.startsWith("/hook"));
    const ts = String(hook?.headers["x-zhenxing-timestamp"]);
    expect(hook?.headers["x-zhenxing-signature"]).toBe(webhookSignature("hook-secret-2", ts, hook?.body ?? ""));
    ctx.clock.advance(61_000);
    const second = await deliverOutbox(deps(), httpNotifier(), 200);
    expect(second.sent).toBe(15);
  });

  it("retries a failed delivery with backoff and keeps the error", async () => {
    const village = await unitByCode(ctx.db, "440514109212");
    await town.post("/api/v1/notifier-configs", { orgUnitId: village.id, kind: "webhook", name: "flaky", url: `${base}/hook/flaky` });
    await ctx.db.transaction((tx) => notifyUnits(tx, ctx.clock, [village.id], { kind: "t", titleKey: "notify.warning.red", params: { code: "R1" }, entityType: "appeal", entityId: "00000000-0000-4000-8000-000000000000" }));
    failNext = 1;
    const r1 = await deliverOutbox(deps(), httpNotifier());
    expect(r1.failed).toBe(1);
    const [row] = await queryRows<{ status: string; attempts: number; last_error: string }>(ctx.db, sql`SELECT status, attempts, last_error FROM notification_outbox WHERE title LIKE '%R1%'`);
    expect(row).toMatchObject({ status: "pending", attempts: 1, last_error: "HTTP 500" });
    expect((await deliverOutbox(deps(), httpNotifier())).sent).toBe(0); // not due yet
    ctx.clock.advance(31_000);
    expect((await deliverOutbox(deps(), httpNotifier())).sent).toBe(1);
  });

  it("the in-app inbox shows only the user's own notifications with an unread count", async () => {
    const res = await town.get("/api/v1/notifications");
    expect(res.statusCode).toBe(200);
    const body = res.json<{ items: unknown[]; unread: number }>();
    expect(body.unread).toBe(body.items.filter((i) => !(i as { read: boolean }).read).length);
    expect((await ctx.anon.get("/api/v1/notifications")).statusCode).toBe(401);
  });
});
