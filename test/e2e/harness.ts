/**
 * The one browser-test harness: a fresh demo server on a free port over a temporary DATA_DIR and
 * headless Chromium with the launch flags from STACK.md. Every e2e file used to repeat this; a fix
 * here (a flag, a build check) now reaches all of them.
 */
import { execSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { loadConfig } from "../../server/config.js";
import { start, type Running } from "../../server/main.js";

export const ROOT = join(import.meta.dirname, "..", "..");
export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
/** The QR/PDF tests also rasterise the printed signboard with poppler's pdftoppm. */
export const hasPdftoppm = existsSync("/usr/bin/pdftoppm");
/** Playwright refuses --user-data-dir in args, hence launchPersistentContext with these (STACK.md). */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Newest modification time under a directory (the web's sources and the contract it imports). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/web when it is missing or older than its sources, so the test never drives a stale UI. */
export function ensureWebBuilt(): void {
  const marker = join(ROOT, "dist", "web", "index.html");
  const sources = Math.max(newestMtime(join(ROOT, "web")), newestMtime(join(ROOT, "common")));
  if (existsSync(marker) && statSync(marker).mtimeMs >= sources) return;
  execSync("npx vite build --logLevel warn", { cwd: ROOT, stdio: "inherit" });
}

/** A port the OS just handed out, so parallel runs and dev servers do not collide. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

type ContextOptions = Omit<NonNullable<Parameters<typeof chromium.launchPersistentContext>[1]>, "executablePath" | "headless" | "args">;

/**
 * A cheap Android phone inside WeChat (small screen, touch, WeChat's user agent, Chinese): how
 * residents open the signboard's QR code, so every residents'-page test drives the same browser.
 */
export const WECHAT_PHONE: ContextOptions = {
  viewport: { width: 360, height: 640 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent: "Mozilla/5.0 (Linux; Android 10; M2006C3LC) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0 Mobile Safari/537.36 MicroMessenger/8.0.40",
  locale: "zh-CN",
};

/** What one describe block holds: its temp dirs, its server and its browser contexts, torn down together. */
export class E2eHarness {
  /** Temporary directories, removed in close(); the first is the data dir (tests may write files there). */
  readonly dirs: string[] = [];
  readonly contexts: BrowserContext[] = [];
  server: Running | undefined;

  tempDir(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }

  /** A demo server (ZHENXING_DEMO=1) over a fresh DATA_DIR; returns it and its base URL. */
  async startDemoServer(dataPrefix: string): Promise<{ server: Running; base: string }> {
    const dataDir = this.tempDir(dataPrefix);
    const port = await freePort();
    const server = await start(loadConfig({ DATA_DIR: dataDir, PORT: String(port), ZHENXING_DEMO: "1", LOG_LEVEL: "warn" } as NodeJS.ProcessEnv));
    this.server = server;
    return { server, base: `http://127.0.0.1:${port}` };
  }

  /** A headless Chromium context in a fresh profile, its first page logging the page's errors. */
  async launch(profilePrefix: string, options: ContextOptions, timeoutMs: number): Promise<{ context: BrowserContext; page: Page }> {
    const profileDir = this.tempDir(profilePrefix);
    const context = await chromium.launchPersistentContext(profileDir, { ...options, executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    context.setDefaultTimeout(timeoutMs);
    this.contexts.push(context);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (err) => console.error(`[browser] ${err.message}`));
    return { context, page };
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close();
    await this.server?.stop();
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true });
  }
}
