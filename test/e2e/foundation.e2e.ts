import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { CHROMIUM, E2eHarness, ensureWebBuilt, hasChromium } from "./harness.js";
if (!hasChromium) {
  console.warn(
    "\n\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n" +
      `!!  BROWSER TESTS SKIPPED: ${CHROMIUM} is missing.\n` +
      "!!  Install it with: apt-get install -y chromium fonts-noto-cjk\n" +
      "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n",
  );
}

const NEW_USER = { username: "e2e.hongchang", displayName: "红场镇测试管理员", password: "hongchang-e2e-2026" };
const ORG_SCREENSHOT = join(tmpdir(), "zhenxing-e2e-org.png");

describe.skipIf(!hasChromium)("admin web app: foundation", () => {
  const h = new E2eHarness();
  let page: Page;
  let base = "";

  beforeAll(async () => {
    ensureWebBuilt();
    ({ base } = await h.startDemoServer("zx-e2e-data-"));
    ({ page } = await h.launch("zx-e2e-chromium-", { viewport: { width: 1440, height: 900 }, locale: "zh-CN" }, 15_000));
  });

  afterAll(() => h.close());

  async function signIn(username: string, password: string): Promise<void> {
    await page.goto(`${base}/login`);
    await page.getByTestId("login-username").fill(username);
    await page.getByTestId("login-password").fill(password);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("header-user").waitFor();
  }

  it("signs in as the city admin, with the demo notice and tag", async () => {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/login/);
    await expect(page.getByTestId("demo-notice").innerText()).resolves.toContain("zhenxing-demo");
    await signIn("admin", "zhenxing-demo");
    expect(await page.getByTestId("header-user").innerText()).toBe("汕头市委组织部管理员");
    expect(await page.getByTestId("header-scope").innerText()).toContain("市级管理员 @ 汕头市");
    expect(await page.getByTestId("demo-tag").isVisible()).toBe(true);
    expect(await page.getByTestId("stat-village").innerText()).toMatch(/1,?091/);
  });

  it("browses the tree 潮南区 → 红场镇 → 大溪坝村 and shows the village's page", async () => {
    await page.getByTestId("nav-org").click();
    await page.getByTestId("org-node-440514").click();
    await page.getByTestId("unit-name").filter({ hasText: "潮南区" }).waitFor();
    await page.getByTestId("org-node-440514109").click();
    await page.getByTestId("unit-name").filter({ hasText: "红场镇" }).waitFor();
    expect(await page.getByTestId("stat-village").innerText()).toContain("24");
    await page.getByTestId("org-node-440514109210").click();
    await page.getByTestId("unit-name").filter({ hasText: "大溪坝村" }).waitFor();
    const crumbs = await page.getByTestId("unit-breadcrumb").innerText();
    expect(crumbs.replace(/\s+/g, "")).toBe("汕头市/潮南区/红场镇/大溪坝村");
    expect(await page.getByTestId("unit-level").innerText()).toBe("村(社区)");
    expect(await page.getByTestId("unit-code").innerText()).toContain("440514109210");
    await page.screenshot({ path: ORG_SCREENSHOT });
  });

  it("creates a town administrator scoped to 红场镇", async () => {
    await page.getByTestId("nav-users").click();
    await page.getByTestId("user-row-admin").waitFor();
    await page.getByTestId("user-create").click();
    await page.getByTestId("new-username").fill(NEW_USER.username);
    await page.getByTestId("new-display-name").fill(NEW_USER.displayName);
    await page.getByTestId("new-password").fill(NEW_USER.password);
    await page.getByTestId("grant-role").click();
    await page.getByTestId("grant-role-option-townAdmin").click();
    await page.getByTestId("grant-scope").click();
    await page.keyboard.type("红场");
    await page.getByTestId("grant-scope-option-440514109").click();
    await page.getByTestId("create-user-submit").click();
    const row = page.getByTestId(`user-row-${NEW_USER.username}`);
    await row.waitFor();
    expect(await row.innerText()).toContain("镇(街道)管理员 @ 红场镇");
  });

  it("signs out, and the new user sees only 红场镇", async () => {
    await page.getByTestId("logout").click();
    await page.getByTestId("login-username").waitFor();
    await signIn(NEW_USER.username, NEW_USER.password);
    expect(await page.getByTestId("header-scope").innerText()).toContain("镇(街道)管理员 @ 红场镇");
    expect(await page.getByTestId("nav-audit").count()).toBe(0);
    await page.getByTestId("nav-org").click();
    const tree = page.getByTestId("org-tree");
    await tree.getByTestId("org-node-440514109").waitFor();
    await tree.getByTestId("org-node-440514109210").waitFor();
    const nodes = await tree.locator("[data-testid^=org-node-]").evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")));
    expect(nodes[0]).toBe("org-node-440514109");
    expect(nodes.every((n) => n?.startsWith("org-node-440514109"))).toBe(true);
    await page.getByTestId("org-search-input").locator("input").fill("濠江");
    await page.getByTestId("org-search-input").locator("input").press("Enter");
    await page.getByTestId("org-search-empty").waitFor();
  });
});
