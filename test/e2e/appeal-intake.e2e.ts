import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsQRModule from "jsqr";
import { PNG } from "pngjs";
import type { Page } from "playwright-core";
import { E2eHarness, WECHAT_PHONE, hasChromium, hasPdftoppm } from "./harness.js";

const jsQR: typeof jsQRModule.default = typeof jsQRModule === "function" ? jsQRModule : jsQRModule.default;
const hasTools = hasChromium && hasPdftoppm;
if (!hasTools) console.warn("\n!!  APPEAL INTAKE BROWSER TEST SKIPPED: needs /usr/bin/chromium and pdftoppm (poppler-utils)\n");

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

/** A 1600×1200 photo-like PNG (a gradient), big enough that the page must shrink it. */
function photo(path: string): void {
  const png = new PNG({ width: 1600, height: 1200 });
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      png.data[i] = x % 256;
      png.data[i + 1] = y % 256;
      png.data[i + 2] = (x * y) % 256;
      png.data[i + 3] = 255;
    }
  }
  writeFileSync(path, PNG.sync.write(png));
}

describe.skipIf(!hasTools)("residents' appeal intake from a printed signboard", () => {
  const h = new E2eHarness();
  let page: Page;
  let base = "";
  let work = "";

  beforeAll(async () => {
    ({ base } = await h.startDemoServer("zx-e2e-appeal-data-"));
    work = h.tempDir("zx-e2e-appeal-work-");
    ({ page } = await h.launch("zx-e2e-appeal-chromium-", WECHAT_PHONE, 20_000));
  }, 180_000);

  afterAll(() => h.close());

  it("prints a 大溪坝村 signboard, decodes its QR, reports with a photo, and follows it to a rating", async () => {
    const town = await login(base, "hongchang");
    const grids = (await (await town.call("GET", "/api/v1/grids?q=%E5%A4%A7%E6%BA%AA%E5%9D%9D")).json()) as { items: { id: string; code: string; villageName: string }[] };
    const grid = grids.items.find((g) => g.code === "440514109210001");
    expect(grid?.villageName).toBe("大溪坝村");
    const pdf = await town.call("GET", `/api/v1/grids/${grid?.id}/signboard?paper=A4`);
    expect(pdf.status).toBe(200);
    const pdfPath = join(work, "board.pdf");
    writeFileSync(pdfPath, Buffer.from(await pdf.arrayBuffer()));
    execFileSync("pdftoppm", ["-r", "150", "-png", "-singlefile", pdfPath, join(work, "board")]);
    const png = PNG.sync.read(readFileSync(join(work, "board.png")));
    const url = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data;
    expect(url).toMatch(new RegExp(`^${base}/r/440514109210001\\?t=[A-Za-z0-9_-]{16}$`));

    // The page is one response: its script is inline, allowed by its CSP hash, and runs.
    const requests: string[] = [];
    const cspErrors: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto(url ?? "");
    expect(requests.filter((r) => !r.startsWith("data:"))).toEqual([url]);
    expect(await page.evaluate("document.documentElement.className")).toContain("js");
    expect(cspErrors).toEqual([]);
    expect(await page.locator("header h1").innerText()).toBe("反映问题");
    expect(await page.locator("header p").innerText()).toContain("大溪坝村");
    await page.selectOption("#c", { label: "环境卫生（小事）" });
    await page.fill("#d", "村道边的垃圾池满了，气味很大");
    const photoPath = join(work, "photo.png");
    photo(photoPath);
    await page.setInputFiles("#p", photoPath);
    await page.locator("#msg", { hasText: "已选择 1 张照片" }).waitFor();
    await page.fill("#ph", "13812345678");
    await page.check("#cs");
    await page.click("#go");
    await page.waitForURL(/\/r\/track\/[2-9A-Z]{10}\?new=1$/);
    expect(await page.locator(".ok").first().innerText()).toContain("已收到您的反映");
    expect(await page.locator(".st").innerText()).toBe("待受理");
    const code = /\/r\/track\/([2-9A-Z]{10})/.exec(page.url())?.[1] ?? "";
    await page.screenshot({ path: join(tmpdir(), "zhenxing-e2e-appeal-track.png") });

    // The grid worker sees it in the queue with the photo, shrunk by the page before upload.
    const worker = await login(base, "daxiba-wg");
    const queue = (await (await worker.call("GET", "/api/v1/appeals?queue=mine")).json()) as { items: { id: string; trackingCode: string }[] };
    const mine = queue.items.find((a) => a.trackingCode === code);
    expect(mine).toBeDefined();
    const detail = (await (await worker.call("GET", `/api/v1/appeals/${mine?.id}`)).json()) as { attachments: { id: string; mimeType: string; size: number }[]; phoneMasked: string };
    expect(detail.phoneMasked).toBe("138****5678");
    expect(detail.attachments).toHaveLength(1);
    expect(detail.attachments[0]?.mimeType).toBe("image/jpeg");
    expect(detail.attachments[0]?.size).toBeLessThan(400_000);
    for (const body of [{ event: "accept" }, { event: "start" }, { event: "resolve", note: "已清运垃圾并消毒" }]) {
      expect((await worker.call("POST", `/api/v1/appeals/${mine?.id}/events`, body)).status).toBe(200);
    }

    await page.goto(`${base}/r/track/${code}`);
    expect(await page.locator(".st").innerText()).toBe("已办结待确认");
    await page.check('input[name=satisfaction][value="4"]');
    await page.fill("#fb", "处理及时");
    await page.getByRole("button", { name: "确认办结并评价" }).click();
    await page.locator(".st", { hasText: "已完结" }).waitFor();
    expect(await page.locator("main").innerText()).toContain("您的评价：4 分");
  }, 120_000);
});
