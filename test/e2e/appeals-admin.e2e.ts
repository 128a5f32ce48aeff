import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { sql } from "drizzle-orm";
import { queryRows } from "../../server/db/client.js";
import type { Running } from "../../server/main.js";
import { E2eHarness, ensureWebBuilt, hasChromium } from "./harness.js";

// The shared harness (./harness.ts): a fresh demo server per run and a headless Chromium.
const PASSWORD = "zhenxing-demo";
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
/** A real (decodable) 1×1 PNG: the admin screen must show the resident's photo. */
const PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

describe.skipIf(!hasChromium)("admin web app: appeals", () => {
  const h = new E2eHarness();
  let context: BrowserContext | undefined;
  let page: Page;
  let base = "";
  let server: Running | undefined;
  let trackingCode = "";

  beforeAll(async () => {
    ensureWebBuilt();
    ({ server, base } = await h.startDemoServer("zx-e2e-data-"));
    ({ context, page } = await h.launch("zx-e2e-chromium-", { viewport: PHONE, locale: "zh-CN" }, 15_000));
  });

  afterAll(() => h.close());

  async function signIn(username: string): Promise<void> {
    await page.goto(`${base}/login`);
    await page.getByTestId("login-username").fill(username);
    await page.getByTestId("login-password").fill(PASSWORD);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("header-user").waitFor();
  }

  /** Starts the next test from a fresh page load, so a dialog a failed test left open cannot block it. */
  async function signOut(): Promise<void> {
    await page.goto(base);
    const logout = page.getByTestId("logout");
    await logout.or(page.getByTestId("login-username")).first().waitFor();
    if (await logout.count()) {
      await logout.click();
      await page.getByTestId("login-username").waitFor();
    }
  }

  /** antd renders options in a portal; the option's title is its label. */
  async function pick(testid: string, label: string): Promise<void> {
    await page.getByTestId(testid).click();
    await page.locator(`.ant-select-item-option[title="${label}"]`).click();
  }

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === "fail") await page.screenshot({ path: join(tmpdir(), `zx-e2e-appeals-${ctx.task.name.slice(0, 20)}.png`) });
  });

  it("a grid worker on a phone files a 代办 appeal for a resident", async () => {
    await page.setViewportSize(PHONE);
    await signIn("daxiba-wg");
    await page.goto(`${base}/field`);
    await page.getByTestId("field-page").waitFor();
    await page.getByTestId("field-on-behalf").click();
    const form = page.getByTestId("file-form-onBehalf");
    await form.waitFor();
    // The worker's only grid is preselected.
    await expect.poll(() => page.getByTestId("file-grid").innerText()).toContain("第1网格");
    await pick("file-category", "环境卫生（小事）");
    await page.getByTestId("file-description").fill("村口垃圾堆放三天无人清运，<b>气味很大</b>");
    await page.getByTestId("file-location-text").fill("大溪坝村村口");
    await page.getByTestId("file-phone").fill("13800138000");
    await page.getByTestId("file-consent").click();
    // A photo taken on the spot: resized in the browser, uploaded once the appeal is filed.
    await form.locator("input[type=file]").setInputFiles({ name: "rubbish.png", mimeType: "image/png", buffer: Buffer.from(PNG_1PX, "base64") });
    await form.locator(".ant-upload-list-item").first().waitFor();
    await page.getByTestId("file-submit").click();
    const code = page.getByTestId("field-sheet-code");
    await expect.poll(() => code.innerText()).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    trackingCode = await code.innerText();
    // Quick actions are offered on the phone: the worker handles its own grid's appeal.
    await page.getByTestId("event-accept").waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId(`field-appeal-${trackingCode}`).waitFor();
    await page.screenshot({ path: join(tmpdir(), "zhenxing-e2e-field.png") });
    await page.getByTestId("logout").click();
    await page.getByTestId("login-username").waitFor();
  });

  it("as 红场镇 opens the work queue, opens the appeal and accepts it", async () => {
    await page.setViewportSize(DESKTOP);
    await signIn("hongchang");
    await page.getByTestId("nav-appeals").click();
    await page.getByTestId("queue-all").click();
    await page.getByTestId(`appeal-link-${trackingCode}`).click();
    await expect.poll(() => page.getByTestId("appeal-code").innerText()).toBe(trackingCode);
    // Resident text is shown as text, never as markup.
    expect(await page.getByTestId("appeal-description").innerText()).toContain("<b>气味很大</b>");
    expect(await page.getByTestId("appeal-phone").innerText()).not.toContain("13800138000");
    // The grid worker's 代办 photo arrived with the appeal.
    const workerPhoto = page.getByTestId("appeal-photo").locator("img").or(page.locator("img[data-testid=appeal-photo]")).first();
    await workerPhoto.waitFor();
    await expect.poll(() => workerPhoto.evaluate((img) => (img as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    // The town, handling the appeal's grid, adds a second photo from the detail page.
    const photos = page.getByTestId("appeal-photo").locator("img").or(page.locator("img[data-testid=appeal-photo]"));
    await page.locator("input[type=file]").setInputFiles({ name: "more.png", mimeType: "image/png", buffer: Buffer.from(PNG_1PX, "base64") });
    await expect.poll(() => photos.count()).toBe(2);
    await page.getByTestId("event-accept").click();
    await page.getByTestId("event-note").fill("已电话联系群众，安排清运");
    await page.getByTestId("event-submit").click();
    await expect.poll(() => page.getByTestId("appeal-status").first().innerText()).toBe("已受理");
    await expect.poll(() => page.getByTestId("appeal-timeline").innerText()).toContain("已电话联系群众");
  });

  it("whistles 红场镇's water office to the appeal; the department checks in and reports back; the town rates it", async () => {
    await addDistrictBureau("潮南区住建局");
    await page.getByTestId("appeal-whistle").click();
    await page.getByTestId("whistle-departments").click();
    await page.locator('.ant-select-item-option[title="红场镇 水务所"]').click();
    await page.locator('.ant-select-item-option[title="红场镇 综合行政执法队"]').click();
    // A town may summon the district's bureaus too, although they lie outside its subtree.
    await page.locator('.ant-select-item-option[title="潮南区 潮南区住建局"]').click();
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("whistle-lead").innerText()).toContain("水务所");
    await page.getByTestId("whistle-description").fill("垃圾堆放涉及河道，请水务所牵头、执法队配合清理");
    await page.getByTestId("whistle-submit").click();
    const water = page.getByTestId("summons-row-水务所");
    await water.waitFor();
    await page.getByTestId("summons-row-潮南区住建局").waitFor();
    expect(await water.innerText()).toContain("首接负责");
    expect(await water.getByTestId("summons-status").innerText()).toBe("待报到");
    await page.screenshot({ path: join(tmpdir(), "zhenxing-e2e-appeal-detail.png"), fullPage: true });

    await page.getByTestId("nav-whistles").click();
    await page.getByTestId("whistles-table").getByText("环境卫生").first().waitFor();

    await page.getByTestId("logout").click();
    await signIn("hongchang-water");
    // The summons arrives in the department's inbox and leads to its summons.
    await expect.poll(() => page.getByTestId("inbox-badge").innerText()).toMatch(/[1-9]/);
    await page.getByTestId("inbox-bell").click();
    await page.getByTestId("inbox-list").locator(".ant-list-item").first().click();
    await page.getByTestId("my-summons-page").waitFor();
    await page.getByTestId("summons-checkIn-水务所").click();
    await page.getByTestId("summons-submit").click();
    await expect.poll(() => page.getByTestId("summons-status").first().innerText()).toBe("已报到");
    await page.getByTestId("summons-report-水务所").click();
    await page.getByTestId("summons-note").fill("已组织清运，河道沿线垃圾清理完毕");
    await page.getByTestId("summons-submit").click();
    // Reported summons leave the department's open list; they stay under "all".
    await expect.poll(() => page.getByTestId("summons-status").count()).toBe(0);
    await page.getByTestId("my-summons-all").click();
    await expect.poll(() => page.getByTestId("summons-status").first().innerText()).toBe("已反馈");

    // The town rates the department on its board.
    await page.getByTestId("logout").click();
    await signIn("hongchang");
    await page.getByTestId("nav-whistles").click();
    await page.getByTestId("whistles-table").locator(".ant-table-row-expand-icon").first().click();
    await page.getByTestId("summons-rate-水务所").click();
    await page.getByTestId("summons-rating").locator("li").nth(3).click();
    await page.getByTestId("summons-submit").click();
    await expect.poll(() => page.getByTestId("summons-row-水务所").getByTestId("summons-status").innerText()).toBe("已评价");
  });

  it("as 红场镇 prints a 大溪坝村 signboard, rotates its QR token, sees a resident's photo from the new board and reads the three rates", async () => {
    await page.setViewportSize(DESKTOP);
    await signOut();
    await signIn("hongchang");
    await page.getByTestId("nav-grids").click();
    await page.getByTestId("grid-filter-unit").click();
    await page.keyboard.type("大溪坝");
    await page.getByTestId("grid-filter-unit-option-440514109210").click();
    const row = page.getByTestId("grid-row-440514109210001");
    await row.waitFor();
    expect(await row.innerText()).toContain("大溪坝村第1网格网格员");
    const pdf = await page.request.get(`${base}/api/v1/grids/${await gridId("440514109210001")}/signboard?paper=A4`);
    expect(pdf.headers()["content-type"]).toContain("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
    expect(await row.innerText()).toContain("v1");
    await page.screenshot({ path: join(tmpdir(), "zhenxing-e2e-grids.png") });
    await page.getByTestId("grid-rotate-440514109210001").click();
    await page.getByTestId("grid-rotate-ok").click();
    const rotatedUrl = page.getByTestId("grid-rotated-url");
    await rotatedUrl.waitFor();
    await expect.poll(() => row.innerText()).toContain("v2");
    const boardUrl = (await rotatedUrl.innerText()).trim();
    expect(boardUrl).toMatch(/\/r\/440514109210001\?t=/);
    await page.keyboard.press("Escape");

    // A resident scans the new board and reports with a photo; the town sees the photo.
    const resident = await context!.newPage();
    await resident.goto(boardUrl.replace(/^https?:\/\/[^/]+/, base));
    await resident.locator("select[name=category]").selectOption({ label: "道路交通（小事）" });
    await resident.locator("textarea[name=description]").fill("村道路灯坏了两盏，晚上很黑");
    await resident.locator("input[name=photo]").setInputFiles({ name: "lamp.png", mimeType: "image/png", buffer: Buffer.from(PNG_1PX, "base64") });
    await resident.locator("button[type=submit]").first().click();
    await resident.locator("p.ok b").waitFor();
    const residentCode = (await resident.locator("p.ok b").innerText()).trim();
    expect(residentCode).not.toBe("");
    await resident.close();
    await page.getByTestId("nav-appeals").click();
    await page.getByTestId("queue-all").click();
    await page.getByTestId(`appeal-link-${residentCode}`).click();
    const photo = page.getByTestId("appeal-photo").locator("img").or(page.locator("img[data-testid=appeal-photo]")).first();
    await photo.waitFor();
    await expect.poll(() => photo.evaluate((img) => (img as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);

    await page.getByTestId("nav-rates").click();
    await page.getByTestId("rates-chart").locator("canvas").waitFor();
    expect(await page.getByTestId("rates-table").innerText()).toContain("大溪坝村");
    await page.screenshot({ path: join(tmpdir(), "zhenxing-e2e-rates.png"), fullPage: true });
  });

  it("as 潮南区 issues an Open311 key for 红场镇, a client files with it, and a revoked key is refused", async () => {
    await page.setViewportSize(DESKTOP);
    await signOut();
    await signIn("chaonan");
    await page.getByTestId("nav-open311-keys").click();
    await page.getByTestId("open311-issue").click();
    await page.getByTestId("open311-unit").click();
    await page.keyboard.type("红场");
    await page.getByTestId("open311-unit-option-440514109").click();
    await page.getByTestId("open311-name").fill("12345 热线对接");
    await page.getByTestId("open311-issue-submit").click();
    const key = (await page.getByTestId("open311-issued-key").innerText()).trim();
    expect(key.length).toBeGreaterThan(16);
    await page.getByTestId("open311-issue-submit").click();
    const file = (apiKey: string) =>
      page.request.post(`${base}/open311/v2/requests.json`, {
        form: { api_key: apiKey, service_code: "roads", lat: "23.2461", long: "116.4927", description: "红场镇村道路灯不亮" },
      });
    expect((await file(key)).status()).toBeLessThan(300);
    const prefix = key.slice(0, 8);
    const revoke = page.locator(`[data-testid^="open311-revoke-"]`).first();
    expect(await revoke.getAttribute("data-testid")).toContain(prefix.slice(0, 4));
    await revoke.click();
    await page.locator(".ant-popconfirm .ant-btn-dangerous").click();
    await page.getByText(/已于 .* 吊销/).waitFor();
    expect((await file(key)).status()).toBe(403);
  });

  it("as the city admin adds a category and shortens 小事's handling time to 2 working days", async () => {
    await page.setViewportSize(DESKTOP);
    await signOut();
    await signIn("admin");
    await page.getByTestId("nav-appeal-config").click();
    await page.getByTestId("category-new").click();
    await page.getByTestId("category-code").fill("stray-dogs");
    await page.getByTestId("category-name").fill("流浪犬只");
    await page.getByTestId("category-name-en").fill("Stray dogs");
    await page.getByTestId("category-save").click();
    await expect.poll(() => page.getByTestId("category-stray-dogs").innerText()).toContain("Stray dogs");
    await page.getByRole("tab", { name: "办理时限规则" }).click();
    const small = page.getByTestId("rule-small-handle");
    expect(await small.getByTestId("rule-limit").innerText()).toBe("3 个工作日");
    await small.getByTestId("rule-edit").click();
    const amount = page.locator("input[data-testid=rule-amount], [data-testid=rule-amount] input").first();
    await amount.fill("2");
    await page.getByTestId("rule-save").click();
    await expect.poll(() => small.getByTestId("rule-limit").innerText()).toBe("2 个工作日");
    await page.screenshot({ path: join(tmpdir(), "zhenxing-e2e-appeal-config.png"), fullPage: true });
  });

  it("as the city admin sees the holiday calendar warning and enters a (made-up) day by pasting it", async () => {
    await page.setViewportSize(DESKTOP);
    await signOut();
    await signIn("admin");
    // The home page shows exactly the years the server reports (2027 while it runs in Nov–Dec 2026).
    const status = (await (await page.request.get(`${base}/api/v1/calendar/status`)).json()) as { warnings: { year: number }[] };
    for (const w of status.warnings) await page.getByTestId(`calendar-warning-${w.year}`).waitFor();
    await page.getByTestId("nav-calendar").click();
    const year = page.locator("input[data-testid=calendar-year], [data-testid=calendar-year] input").first();
    await year.fill("2031");
    await year.press("Enter");
    await expect.poll(() => page.getByTestId("calendar-coverage").innerText()).toBe("未覆盖（按周一至周五计）");
    // A MADE-UP day far from any deadline of this run, not a real notice.
    await page.getByTestId("calendar-paste").fill("2031-07-16 放假 测试假日");
    await page.getByTestId("calendar-source-note").fill("端到端测试");
    await page.getByTestId("calendar-save").click();
    await expect.poll(() => page.getByTestId("calendar-day-2031-07-16").innerText()).toContain("市级录入");
    expect(await page.getByTestId("calendar-coverage").innerText()).toBe("已录入，未标记完成");
    await page.getByTestId("calendar-delete-2031-07-16").click();
    await page.locator(".ant-popconfirm .ant-btn-primary").click();
    await expect.poll(() => page.getByTestId("calendar-day-2031-07-16").count()).toBe(0);
  });

  /** 潮南区 creates a district department through the API (the demo seeds only town departments). */
  async function addDistrictBureau(name: string): Promise<void> {
    const app = server!.app;
    const login = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { username: "chaonan", password: PASSWORD } });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const [district] = await queryRows<{ id: string }>(server!.handle.db, sql`SELECT id FROM org_units WHERE division_code = '440514'`);
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/departments",
      headers: { cookie, "x-csrf-token": login.json<{ csrfToken: string }>().csrfToken },
      payload: { orgUnitId: district?.id, name },
    });
    expect(res.statusCode).toBe(201);
  }

  /** A grid's id from its code, through the same list API the screen uses. */
  async function gridId(code: string): Promise<string> {
    const res = await page.request.get(`${base}/api/v1/grids?q=${code}`);
    const body = (await res.json()) as { items: { id: string; code: string }[] };
    const g = body.items.find((i) => i.code === code);
    if (!g) throw new Error(`grid ${code} not listed`);
    return g.id;
  }
});
