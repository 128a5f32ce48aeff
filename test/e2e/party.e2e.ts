import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import type { Running } from "../../server/main.js";
import { queryRows } from "../../server/db/client.js";
import { freshId, readBook, workbook } from "../../server/modules/party/party.testkit.js";
import { E2eHarness, ensureWebBuilt, hasChromium } from "./harness.js";

/**
 * Issue 3's screens as 大溪坝村's secretary uses them: the party organisation page, the import
 * wizard with a file that has bad rows, attendance entry on a phone, a member's audited unmask.
 */
/** Screenshots for a human look (not compared): tmpdir/zhenxing-e2e-party-*.png. */
const shot = (name: string): string => join(tmpdir(), `zhenxing-e2e-party-${name}.png`);

describe.skipIf(!hasChromium)("admin web app: party organisations, import, attendance, unmask", () => {
  const h = new E2eHarness();
  /** The harness's temp dirs; the first is the data dir, where the tests write their files. */
  const dirs = h.dirs;
  let server: Running | undefined;
  let page: Page;
  let base = "";
  let partyOrgUrl = "";

  async function browser(opts: { mobile: boolean }): Promise<Page> {
    const { page: p } = await h.launch(
      "zx-e2e-chromium-",
      {
        locale: "zh-CN",
        acceptDownloads: true,
        ...(opts.mobile ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 } : { viewport: { width: 1440, height: 900 } }),
      },
      20_000,
    );
    return p;
  }

  async function signIn(p: Page, username: string): Promise<void> {
    await p.goto(`${base}/login`);
    await p.getByTestId("login-username").fill(username);
    await p.getByTestId("login-password").fill("zhenxing-demo");
    await p.getByTestId("login-submit").click();
    await p.getByTestId("header-user").waitFor();
  }

  beforeAll(async () => {
    ensureWebBuilt();
    ({ server, base } = await h.startDemoServer("zx-e2e-party-"));
    page = await browser({ mobile: false });
  });

  afterAll(() => h.close());

  it("opens 大溪坝村's party branch from its org unit page and from the menu: members masked, compliance chart", async () => {
    await signIn(page, "daxiba");
    await page.getByTestId("nav-org").click();
    await page.getByTestId("org-node-440514109210").click();
    await page.getByTestId("unit-party-orgs").locator("a").first().click();
    await page.getByTestId("party-org-page").waitFor();
    await page.getByTestId("nav-party").click();
    await page.getByTestId("party-org-link-440514109210").click();
    await page.getByTestId("party-org-page").waitFor();
    expect(await page.getByTestId("party-org-name").innerText()).toContain("大溪坝");
    expect(await page.getByTestId("party-demo-badge").isVisible()).toBe(true);
    const firstRow = page.getByTestId("members-table").locator("tbody tr.ant-table-row").first();
    await firstRow.waitFor();
    expect(await firstRow.innerText()).toMatch(/\d{4}\*{10}\d{3}[\dX]/);
    expect(await firstRow.innerText()).toMatch(/1\d{2}\*{4}\d{4}/);
    await page.getByTestId("tab-compliance").click();
    await page.getByTestId("compliance-chart").locator("canvas").waitFor();
    partyOrgUrl = page.url();
    await page.waitForTimeout(1500); // let the chart's entry animation finish for the screenshot
    await page.screenshot({ path: shot("org") });
  });

  it("runs the import wizard with a file that has bad rows and shows the error report", async () => {
    await page.getByTestId("open-import").click();
    await page.getByTestId("import-page").waitFor();
    const good = freshId();
    const bad = `${good.slice(0, 17)}${good.endsWith("0") ? "1" : "0"}`;
    const file = join(dirs[0]!, "名册.xlsx");
    writeFileSync(
      file,
      await workbook([
        ["姓名", "证件号码", "手机号码", "入党日期"],
        ["林好", good, "13912345678", "2010-07-01"],
        ["林错", bad, "13912345679", "2010-07-01"],
        ["林早", freshId(), "1391234", "2010-07-01"],
      ]),
    );
    await page.getByTestId("import-upload").locator("input[type=file]").setInputFiles(file);
    const result = page.getByTestId("import-result");
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getAttribute("data-status")).toBe("failed");
    expect(await page.getByTestId("import-bad-rows").innerText()).toContain("2 行有错误");
    expect(await page.getByTestId("import-sample-3").innerText()).toContain("校验位");
    expect(await page.getByTestId("import-sample-4").innerText()).toContain("手机");
    await page.screenshot({ path: shot("import") });
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-errors").click()]);
    const saved = join(dirs[0]!, "errors.xlsx");
    await download.saveAs(saved);
    const rows = (await readBook((await import("node:fs")).readFileSync(saved))).get("党员名册")!;
    expect(rows.slice(1).map((r) => r[0])).toEqual(["林错", "林早"]);
    // The "import valid rows" option, straight from the result: the one good row goes in.
    await page.getByTestId("import-valid-rows-now").click();
    await page.locator("[data-testid=import-result][data-status=succeeded]").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("import-result").innerText()).toContain("新增 1");
  });

  it("enters a meeting's attendance on a phone: all present, one excused, one absent, saved", async () => {
    const phone = await browser({ mobile: true });
    await signIn(phone, "daxiba");
    await phone.goto(`${partyOrgUrl}/meetings/new`);
    await phone.getByTestId("meeting-entry").waitFor();
    await phone.getByTestId("meeting-topic").fill("手机登记的主题党日");
    const tiles = phone.getByTestId("attendance-grid").locator("button");
    await tiles.first().waitFor();
    const n = await tiles.count();
    expect(n).toBeGreaterThan(3);
    const box = await tiles.first().boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(48); // a thumb-sized target
    await phone.getByTestId("all-present").tap();
    expect(await tiles.first().getAttribute("data-status")).toBe("present");
    await tiles.nth(0).tap();
    await phone.getByTestId("reason-work").tap();
    await phone.getByTestId("reason-ok").tap();
    await tiles.nth(1).tap();
    await phone.getByTestId("reason-ill").tap();
    await phone.getByTestId("reason-ok").tap();
    await tiles.nth(1).tap();
    expect(await tiles.nth(0).getAttribute("data-status")).toBe("excused");
    expect(await tiles.nth(1).getAttribute("data-status")).toBe("absent");
    await phone.screenshot({ path: shot("attendance-phone") });
    await phone.getByTestId("save-meeting").tap();
    await phone.waitForURL(/\/party\/meetings\/[0-9a-f-]{36}$/);
    await phone.getByTestId("attendance-saved").filter({ hasText: "已保存" }).waitFor();
    const meetingId = phone.url().split("/").at(-1)!;
    const [m] = await queryRows<{ present_count: number; excused_count: number; absent_count: number; topic: string }>(
      server!.handle.db,
      sql`SELECT present_count, excused_count, absent_count, topic FROM meetings WHERE id = ${meetingId}`,
    );
    expect(m).toEqual({ present_count: n - 2, excused_count: 1, absent_count: 1, topic: "手机登记的主题党日" });
    // A photo of the sign-in sheet attached to the minutes, from the phone.
    const photo = join(dirs[0]!, "签到表.png");
    writeFileSync(photo, Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"));
    await phone.getByTestId("meeting-attachments").locator("input[type=file]").setInputFiles(photo);
    await phone.getByTestId("meeting-attachments").getByText("签到表.png").waitFor();
    const view = (await phone.evaluate(async (id) => (await fetch(`/api/v1/meetings/${id}`)).json(), meetingId)) as { attendance: { status: string; reason: string | null }[] };
    expect(view.attendance.filter((a) => a.status === "excused").map((a) => a.reason)).toEqual(["外出务工"]);
  });

  it("opens a member's profile and shows the full ID number after giving a reason (audited)", async () => {
    await page.goto(partyOrgUrl);
    const link = page.getByTestId("members-table").locator("a[data-testid^=member-link-]").first();
    await link.click();
    await page.getByTestId("member-page").waitFor();
    expect(await page.getByTestId("member-id-number").innerText()).toContain("*");
    await page.getByTestId("show-full").click();
    await page.getByTestId("unmask-reason").fill("核对党员档案");
    await page.getByTestId("unmask-confirm").click();
    await page.getByTestId("member-id-number").filter({ hasText: /^\d{17}[\dX]$/ }).waitFor();
    await page.screenshot({ path: shot("member") });
    const memberId = page.url().split("/").at(-1)!;
    const audit = await queryRows<{ action: string; after: { reason: string } }>(
      server!.handle.db,
      sql`SELECT action, after FROM audit_log WHERE entity_id = ${memberId} AND action = 'member.unmask'`,
    );
    expect(audit.map((a) => a.after.reason)).toEqual(["核对党员档案"]);
  });
});
