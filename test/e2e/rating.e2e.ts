import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { E2eHarness, ensureWebBuilt, hasChromium } from "./harness.js";

const PASSWORD = "zhenxing-demo";

/** The <input> of an antd field whose test id sits on the input itself or on a wrapper. */
/** Screens kept for a human look after the run (not compared). */
const shot = (page: Page, name: string) => page.screenshot({ path: join(tmpdir(), `zhenxing-e2e-rating-${name}.png`), fullPage: true });

const inputOf = (l: Locator): Locator => l.locator("xpath=self::input | descendant::input").first();

/**
 * The fortress assessment end to end in the UI, on the Shantou demo: the city makes and publishes
 * a new version of the 2026 scheme and opens 红场镇's assessments, 大溪坝村's secretary assesses
 * with evidence, the town reviews, the district approves; the results, 大溪坝村's explained
 * breakdown and an exported allocation plan follow.
 */
describe.skipIf(!hasChromium)("admin web app: fortress rating workflow", () => {
  const h = new E2eHarness();
  let context: BrowserContext | undefined;
  let page: Page;
  let base = "";
  let schemeId = "";
  let assessmentId = "";

  beforeAll(async () => {
    ensureWebBuilt();
    ({ base } = await h.startDemoServer("zx-e2e-rating-"));
    ({ context, page } = await h.launch("zx-e2e-rating-chromium-", { viewport: { width: 1440, height: 900 }, locale: "zh-CN", acceptDownloads: true }, 20_000));
  }, 240_000);

  afterAll(() => h.close());

  async function signIn(username: string): Promise<void> {
    await context?.clearCookies();
    await page.goto(`${base}/login`);
    await page.getByTestId("login-username").fill(username);
    await page.getByTestId("login-password").fill(PASSWORD);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("header-user").waitFor();
  }

  async function fillAll(prefix: string, value: string): Promise<number> {
    const fields = page.locator(`[data-testid^="${prefix}"]`);
    const n = await fields.count();
    for (let i = 0; i < n; i++) await inputOf(fields.nth(i)).fill(value);
    return n;
  }

  it("the city makes a new version of the 2026 fortress scheme, sees a bad weight named, publishes it and opens 红场镇's assessments", async () => {
    await signIn("admin");
    await page.getByTestId("nav-rating").click();
    await page.getByTestId("rating-nav-schemes").click();
    await page.getByTestId("scheme-link-fortress-2026-v1").click();
    expect(await page.getByTestId("scheme-status").innerText()).toBe("已发布");
    await page.getByTestId("scheme-new-version").click();
    await page.waitForURL((u) => /\/rating\/schemes\/[0-9a-f-]{36}$/.test(u.pathname) && !u.pathname.endsWith(schemeId || "x"));
    await page.getByTestId("scheme-status").filter({ hasText: "草稿" }).waitFor();
    schemeId = page.url().split("/").pop() ?? "";
    await page.getByTestId("scheme-tree").waitFor();
    await shot(page, "scheme-editor");

    // A weight that breaks the sum of 1 comes back on the evaluators' table, not as a generic error.
    await page.getByTestId("tab-rules").click();
    const town = inputOf(page.getByTestId("weight-town"));
    const original = await town.inputValue();
    await town.fill("0.9");
    await page.getByTestId("scheme-save").click();
    await page.getByTestId("evaluators-error").waitFor();
    expect(await page.getByTestId("evaluators-error").innerText()).toContain("权重合计");
    await town.fill(original);
    await page.getByTestId("scheme-save").click();
    await page.getByTestId("evaluators-error").waitFor({ state: "detached" });

    // 差异化考核: an island cap below the island's per-event points is named on its cell.
    await page.getByTestId("tab-overrides").click();
    await page.getByTestId("ovr-category").getByText("海岛/山区").click();
    const cap = inputOf(page.getByTestId("ovr-life.themeDay-cap"));
    await cap.fill("0.5");
    await page.getByTestId("scheme-save").click();
    const capError = page.getByTestId("overrides-table").locator(".ant-form-item-explain-error");
    await capError.first().waitFor();
    expect(await capError.first().innerText()).toContain("低于单次分值");
    await cap.fill("");
    await page.getByTestId("scheme-save").click();
    await capError.first().waitFor({ state: "detached" });

    // The draft scored on a sample village, storing nothing.
    await page.getByTestId("tab-preview").click();
    await page.getByTestId("preview-village").click();
    await page.keyboard.type("大溪坝");
    await page.getByTestId("preview-village-option-440514109210").click();
    await page.getByTestId("preview-run").click();
    await page.getByTestId("preview-result").waitFor();
    expect(await page.locator('[data-testid^="preview-breakdown-row-"]').count()).toBeGreaterThan(10);

    await page.getByTestId("scheme-publish").click();
    await page.getByTestId("scheme-publish-ok").click();
    await page.getByTestId("scheme-status").filter({ hasText: "已发布" }).waitFor();

    await page.getByTestId("rating-nav-queue").click();
    await page.getByTestId("queue-open-assessments").click();
    await page.getByTestId("open-assessments-scheme").click();
    await page.locator(".ant-select-item-option").filter({ hasText: "v2" }).click();
    await page.getByTestId("open-assessments-unit").click();
    await page.keyboard.type("红场");
    await page.getByTestId("open-assessments-unit-option-440514109").click();
    await page.getByTestId("open-assessments-ok").click();
    await page.getByText(/新建 \d+ 个考核/).waitFor();
  });

  it("大溪坝村's secretary self-assesses with evidence and submits", async () => {
    await signIn("daxiba");
    await page.getByTestId("nav-rating").click();
    await page.getByTestId(`queue-count-${schemeId}-selfAssess`).click();
    await page.getByTestId("queue-open-大溪坝村").click();
    await page.getByTestId("assessment-scores").waitFor();
    assessmentId = page.url().split("/").pop() ?? "";
    expect(await page.getByTestId("assessment-status").innerText()).toBe("村自评");

    // Submitting without evidence is refused with the indicator named.
    await page.getByTestId("event-submit").click();
    const refused = page.getByTestId("assessment-scores").locator(".ant-form-item-explain-error");
    await refused.first().waitFor();
    expect(await refused.first().innerText()).toContain("佐证");

    // A PDF as evidence of one indicator, through the indicator's Upload (before typing, since the answer refreshes the form).
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByTestId("evidence-upload-org.teamComplete").click()]);
    await chooser.setFiles({ name: "村两委班子名单.pdf", mimeType: "application/pdf", buffer: Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(2000, 0x20), Buffer.from("\n%%EOF\n")]) });
    await page.getByTestId("evidence-file-org.teamComplete").filter({ hasText: "村两委班子名单.pdf" }).first().waitFor();

    const scored = await fillAll("score-input-", "6");
    expect(scored).toBeGreaterThan(0);
    const evidence = await fillAll("evidence-input-", "2026年度台账.pdf");
    expect(evidence).toBeGreaterThan(3);
    await page.getByTestId("scores-save").click();
    await page.getByText("已保存").first().waitFor();
    await shot(page, "self-assessment");
    await page.getByTestId("event-submit").click();
    await page.getByTestId("assessment-status").filter({ hasText: "镇审核" }).waitFor();
  });

  it("红场镇 reviews with its scores", async () => {
    await signIn("hongchang");
    await page.getByTestId("nav-rating").click();
    await page.getByTestId(`queue-count-${schemeId}-townReview`).click();
    await page.locator(`a[href="/rating/assessments/${assessmentId}"]`).click();
    await page.getByTestId("assessment-scores").waitFor();
    // The town opens the village's uploaded evidence.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("evidence-card").getByText("村两委班子名单.pdf").click()]);
    expect(download.suggestedFilename()).toBe("村两委班子名单.pdf");
    expect(await fillAll("score-input-", "1")).toBeGreaterThan(5);
    await page.getByTestId("scores-save").click();
    await page.getByText("已保存").first().waitFor();
    await page.getByTestId("event-review").click();
    await page.getByTestId("assessment-status").filter({ hasText: "区审定" }).waitFor();
  });

  it("潮南区 approves: publicity starts and 大溪坝村's breakdown names every input", async () => {
    await signIn("chaonan");
    await page.getByTestId("nav-rating").click();
    await page.getByTestId(`queue-count-${schemeId}-districtApproval`).click();
    await page.locator(`a[href="/rating/assessments/${assessmentId}"]`).click();
    await page.getByTestId("event-approve").click();
    await page.getByTestId("assessment-status").filter({ hasText: "公示中" }).waitFor();
    expect(await page.getByTestId("assessment-total").innerText()).toMatch(/^\d+(\.\d+)?$/);

    await page.getByTestId("assessment-rating-link").click();
    await page.getByTestId("breakdown").waitFor();
    expect(await page.getByTestId("village-rating-name").innerText()).toBe("大溪坝村");
    expect(await page.getByTestId("village-rating-reproduced").innerText()).toBe("复算一致");
    const rows = page.locator('[data-testid^="breakdown-row-"]');
    expect(await rows.count()).toBeGreaterThan(10);
    // Every line shows where its value came from (a metric, a count or each evaluator's score).
    const inputs = await rows.evaluateAll((els) => els.map((e) => (e.querySelectorAll("td")[2]?.textContent ?? "").trim()));
    expect(inputs.every((s) => s.length > 0)).toBe(true);
    await page.getByTestId("breakdown-row-org.orgLifeHeld").click();
    await page.getByTestId("explain-body").waitFor();
    expect(await page.getByTestId("explain-input").innerText()).toContain("orgLife.heldRate");
    expect(await page.getByTestId("explain-rule").innerText()).not.toBe("");
    expect(await page.getByTestId("explain-reason").innerText()).not.toBe("");
    await shot(page, "village-explain");
    await page.keyboard.press("Escape");
    await page.getByTestId("breakdown-row-org.secretaryDuty").click();
    const duty = await page.getByTestId("explain-input").innerText();
    expect(duty).toContain("村自评");
    expect(duty).toContain("镇党委");
    await page.keyboard.press("Escape");
  });

  it("results show the distribution and the public list shows 大溪坝村 without a session", async () => {
    await page.getByTestId("rating-nav-results").click();
    await page.getByTestId("chart-distribution").waitFor();
    await page.getByTestId("results-table").waitFor();
    expect(Number(await page.getByTestId("results-rated").textContent())).toBeGreaterThan(0);
    await page.getByTestId("chart-units").waitFor();
    await shot(page, "results");
    await page.getByTestId("tab-rectify").click();
    await page.getByTestId("rectification-table").waitFor();

    // 公示 needs no session and shows places and stars only.
    await context?.clearCookies();
    await page.goto(`${base}/public/rating/${schemeId}`);
    await page.getByTestId("public-table").getByText("大溪坝村").waitFor();
    expect(await page.getByTestId("public-title").innerText()).toContain("2026");
  });

  it("潮南区 previews, approves and exports an allocation plan from the 2025 results", async () => {
    await signIn("chaonan");
    await page.getByTestId("nav-allocation").click();
    await inputOf(page.getByTestId("al-name")).fill("2026年村级组织运转奖补");
    await page.getByTestId("al-scheme").click();
    await page.locator(".ant-select-item-option").filter({ hasText: /^2025/ }).click();
    await page.getByTestId("al-unit").click();
    await page.keyboard.type("潮南");
    await page.getByTestId("al-unit-option-440514").click();
    await inputOf(page.getByTestId("al-pool")).fill("2000000");
    await page.getByTestId("al-submit").click();
    await page.waitForURL(/\/allocation\/[0-9a-f-]{36}$/);
    await page.getByTestId("plan-lines").waitFor();
    expect(Number(await page.getByTestId("plan-total-fen").textContent())).toBe(200_000_000);
    await page.getByTestId("chart-allocation").waitFor();
    await shot(page, "allocation");
    await page.getByTestId("plan-approve").click();
    await page.getByTestId("plan-approve-ok").click();
    await page.getByTestId("plan-status").filter({ hasText: "已审批" }).waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("plan-export").click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await download.path();
    expect(file && statSync(file).size).toBeGreaterThan(2000);
  });

  it("a member's star card shows points against each cap with the 民主评议 grade beside", async () => {
    await page.getByTestId("nav-rating").click();
    await page.getByTestId("rating-nav-members").click();
    await page.getByTestId("star-member-pick").click();
    await page.keyboard.type("陈");
    await page.locator(".ant-select-item-option").first().click();
    await page.getByTestId("star-card").waitFor();
    expect(await page.locator('[data-testid^="star-line-"]').count()).toBeGreaterThan(3);
    expect(await page.getByTestId("star-card-review").innerText()).not.toBe("");
    // Points come only from recorded events: three volunteer hours with evidence join the member's ledger.
    const form = page.getByTestId("ledger-form");
    await inputOf(form.locator(".ant-input-number")).fill("3");
    await form.locator(".ant-picker input").click();
    await page.keyboard.type(`${new Date().getFullYear()}-03-01`);
    await page.keyboard.press("Enter");
    await form.getByPlaceholder("材料名称或文号").fill("志愿服务签到表.jpg");
    await page.getByTestId("ledger-submit").click();
    await page.getByTestId("star-card").getByText("志愿服务签到表.jpg").waitFor();
    await shot(page, "star-card");
  });
});
