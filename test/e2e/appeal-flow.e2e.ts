import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import jsQRModule from "jsqr";
import { PNG } from "pngjs";
import type { Page } from "playwright-core";
import { E2eHarness, WECHAT_PHONE, hasChromium, hasPdftoppm } from "./harness.js";

const jsQR: typeof jsQRModule.default = typeof jsQRModule === "function" ? jsQRModule : jsQRModule.default;
const hasTools = hasChromium && hasPdftoppm;
if (!hasTools) console.warn("\n!!  APPEAL FLOW BROWSER TEST SKIPPED: needs /usr/bin/chromium and pdftoppm (poppler-utils)\n");

/** A signed-in API session (cookie + CSRF token), as the admin screens would hold. */
async function login(base: string, username: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: "zhenxing-demo" }) });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, "x-csrf-token": csrfToken, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return r;
  };
  return { call };
}

describe.skipIf(!hasTools)("an appeal through accept → whistle → department check-in → resolve → resident rating", () => {
  const h = new E2eHarness();
  let page: Page;
  let base = "";
  let work = "";

  beforeAll(async () => {
    ({ base } = await h.startDemoServer("zx-e2e-flow-data-"));
    work = h.tempDir("zx-e2e-flow-work-");
    ({ page } = await h.launch("zx-e2e-flow-chromium-", WECHAT_PHONE, 20_000));
  }, 180_000);

  afterAll(() => h.close());

  it("a resident reports from the signboard; the town whistles 水务所, which checks in; the worker resolves; the resident rates", async () => {
    const town = await login(base, "hongchang");
    const grids = (await (await town.call("GET", "/api/v1/grids?q=%E5%A4%A7%E6%BA%AA%E5%9D%9D")).json()) as { items: { id: string; code: string }[] };
    const grid = grids.items.find((g) => g.code === "440514109210001");
    const pdf = await town.call("GET", `/api/v1/grids/${grid?.id}/signboard?paper=A4`);
    const pdfPath = join(work, "board.pdf");
    writeFileSync(pdfPath, Buffer.from(await pdf.arrayBuffer()));
    execFileSync("pdftoppm", ["-r", "150", "-png", "-singlefile", pdfPath, join(work, "board")]);
    const png = PNG.sync.read(readFileSync(join(work, "board.png")));
    const url = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data ?? "";
    expect(url).toContain("/r/440514109210001?t=");

    // The resident reports on a phone.
    await page.goto(url);
    await page.selectOption("#c", { label: "供水供电（小事）" });
    await page.fill("#d", "村东头自来水管爆裂，路面积水");
    await page.click("#go");
    await page.waitForURL(/\/r\/track\/[2-9A-Z]{10}\?new=1$/);
    const code = /\/r\/track\/([2-9A-Z]{10})/.exec(page.url())?.[1] ?? "";

    // The grid worker accepts; the town whistles the water station (lead) and the law team.
    const worker = await login(base, "daxiba-wg");
    const queue = (await (await worker.call("GET", "/api/v1/appeals?queue=mine")).json()) as { items: { id: string; trackingCode: string }[] };
    const appealId = queue.items.find((a) => a.trackingCode === code)?.id ?? "";
    expect((await worker.call("POST", `/api/v1/appeals/${appealId}/events`, { event: "accept" })).status).toBe(200);
    const depts = (await (await town.call("GET", "/api/v1/departments")).json()) as { items: { id: string; name: string }[] };
    const water = depts.items.find((d) => d.name === "水务所");
    const law = depts.items.find((d) => d.name === "综合行政执法队");
    const blown = await town.call("POST", "/api/v1/whistles", {
      appealId, kind: "unresolvedDemand", title: "大溪坝村水管爆裂", description: "需水务所抢修、执法队疏导交通",
      departmentIds: [water?.id, law?.id], leadDepartmentId: water?.id,
    });
    expect(blown.status).toBe(201);
    const whistle = (await blown.json()) as { id: string; summons: { id: string; departmentName: string; lead: boolean }[] };
    expect(whistle.summons.find((s) => s.lead)?.departmentName).toBe("水务所");

    // The water station sees the summons, checks in and reports back; the law team is called off.
    const station = await login(base, "hongchang-water");
    const mine = (await (await station.call("GET", "/api/v1/my-summons")).json()) as { items: { id: string; whistleId: string; events: string[] }[] };
    const summons = mine.items.find((s) => s.whistleId === whistle.id);
    expect(summons?.events).toEqual(["checkIn"]);
    expect((await station.call("POST", `/api/v1/whistle-summons/${summons?.id}/events`, { event: "checkIn" })).status).toBe(200);
    expect((await station.call("POST", `/api/v1/whistle-summons/${summons?.id}/events`, { event: "report", note: "已关阀抢修，恢复供水" })).status).toBe(200);
    const lawSummons = whistle.summons.find((s) => s.departmentName === "综合行政执法队");
    expect((await town.call("POST", `/api/v1/whistle-summons/${lawSummons?.id}/events`, { event: "cancel", reason: "积水已排，无需疏导" })).status).toBe(200);

    // The worker resolves the appeal; the town rates the station.
    expect((await worker.call("POST", `/api/v1/appeals/${appealId}/events`, { event: "resolve", note: "水管已修复" })).status).toBe(200);
    const rated = await town.call("POST", `/api/v1/whistle-summons/${summons?.id}/events`, { event: "rate", rating: 5, note: "半小时到场" });
    expect(((await rated.json()) as { status: string }).status).toBe("closed");

    // The resident confirms and rates on the phone.
    await page.goto(`${base}/r/track/${code}`);
    expect(await page.locator(".st").innerText()).toBe("已办结待确认");
    await page.check('input[name=satisfaction][value="5"]');
    await page.getByRole("button", { name: "确认办结并评价" }).click();
    await page.locator(".st", { hasText: "已完结" }).waitFor();

    const timeline = ((await (await town.call("GET", `/api/v1/appeals/${appealId}`)).json()) as { timeline: { event: string }[] }).timeline.map((t) => t.event);
    expect(timeline).toEqual(["accept", "dispatch", "resolve", "confirm"]);
    const cards = (await (await town.call("GET", "/api/v1/department-scorecards")).json()) as { items: { departmentName: string; checkedInOnTime: number; averageRating: number | null }[] };
    expect(cards.items.find((c) => c.departmentName === "水务所")).toMatchObject({ checkedInOnTime: 1, averageRating: 5 });
  }, 120_000);

  it("the demo shows a 紧急 appeal in 滨海街道 with its automatic summons, and names the sweeper on an escalated appeal's timeline", async () => {
    const binhai = await login(base, "binhai");
    const list = (await (await binhai.call("GET", "/api/v1/appeals?pageSize=200")).json()) as { items: { id: string; scale: string; escalations: number }[] };
    const urgent = list.items.find((a) => a.scale === "urgent");
    expect(urgent).toBeDefined();
    const whistles = (await (await binhai.call("GET", `/api/v1/whistles?appealId=${urgent?.id}`)).json()) as { items: { kind: string }[] };
    expect(whistles.items.map((w) => w.kind)).toContain("emergency");

    const admin = await login(base, "admin");
    const all = (await (await admin.call("GET", "/api/v1/appeals?pageSize=200")).json()) as { items: { id: string; escalations: number }[] };
    const escalated = all.items.find((a) => a.escalations > 0);
    expect(escalated).toBeDefined();
    const detail = (await (await admin.call("GET", `/api/v1/appeals/${escalated?.id}`)).json()) as { timeline: { event: string; actorUsername: string }[] };
    expect(detail.timeline).toContainEqual(expect.objectContaining({ event: "escalate", actorUsername: "system:sweeper" }));

    // The admin screen shows the escalation's actor by its label, not the raw system:sweeper.
    const { page: desk } = await h.launch("zx-e2e-flow-admin-", { viewport: { width: 1280, height: 800 }, locale: "zh-CN" }, 20_000);
    await desk.goto(`${base}/login`);
    await desk.getByTestId("login-username").fill("admin");
    await desk.getByTestId("login-password").fill("zhenxing-demo");
    await desk.getByTestId("login-submit").click();
    await desk.getByTestId("login-username").waitFor({ state: "detached" });
    await desk.goto(`${base}/appeals/${escalated?.id}`);
    const actors = desk.getByTestId("appeal-timeline-actor");
    await actors.first().waitFor();
    expect(await actors.allInnerTexts()).toContain("系统（超时自动升级）");
    const shown = await desk.getByTestId("appeal-timeline").innerText();
    expect(shown).not.toContain("system:");
    expect(shown).toContain("超过办理时限");
  }, 120_000);
});
