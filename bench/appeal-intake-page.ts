/**
 * The residents' page as a phone on slow 3G sees it (Chromium, CDP network emulation): bytes on
 * the wire and time to DOMContentLoaded / load. Used by appeal-intake.bench.ts.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { buildApp } from "../server/app.js";
import { openDatabase } from "../server/db/client.js";
import { migrate } from "../server/db/migrate.js";
import { systemClock } from "../server/platform/clock.js";
import { signboardToken } from "../server/modules/appeals/signboard/signboard-token.js";
import { config, GRID_CODE, SECRET, seed } from "./appeal-intake.bench.js";

/** The page as a phone on slow 3G sees it: bytes on the wire and time to `load`. */
export async function pageUnderSlow3g(): Promise<{ bytes: number; requests: number; rows: { profile: string; dcl: number; load: number }[] } | null> {
  if (!existsSync("/usr/bin/chromium")) return null;
  const handle = await openDatabase({ dataDir: "", databaseUrl: null, inMemory: true });
  const profileDir = mkdtempSync(join(tmpdir(), "zx-bench-chromium-"));
  try {
    await migrate(handle);
    await seed(handle);
    const app = await buildApp({ db: handle.db, dbKind: handle.kind, config: config(0), clock: systemClock, version: "bench" });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const port = (app.server.address() as { port: number }).port;
    const url = `http://127.0.0.1:${port}/r/${GRID_CODE}?t=${signboardToken(SECRET, GRID_CODE, 1)}`;
    const ctx = await chromium.launchPersistentContext(profileDir, {
      executablePath: "/usr/bin/chromium",
      headless: true,
      viewport: { width: 360, height: 640 },
      isMobile: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const cdp = await ctx.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    let bytes = 0;
    let requests = 0;
    cdp.on("Network.loadingFinished", (e: { encodedDataLength: number }) => {
      bytes += e.encodedDataLength;
      requests++;
    });
    const rows: { profile: string; dcl: number; load: number }[] = [];
    // DevTools' "Slow 3G" preset: 400 kbit/s down and up, 2,000 ms request latency (400 ms × 5);
    // and the raw 400 ms-latency profile many tools call slow 3G.
    const profiles = [
      { profile: "DevTools Slow 3G (2,000 ms latency, 400 kbit/s)", latency: 2000 },
      { profile: "slow 3G, 400 ms latency, 400 kbit/s", latency: 400 },
    ];
    for (const p of profiles) {
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: p.latency, downloadThroughput: 50_000, uploadThroughput: 50_000 });
      const times: { dcl: number; load: number }[] = [];
      for (let i = 0; i < 3; i++) {
        bytes = 0;
        requests = 0;
        await page.goto(url, { waitUntil: "load" });
        // A string: the bench compiles without the DOM library.
        const t = await page.evaluate<{ dcl: number; load: number }>(
          `(() => { const n = performance.getEntriesByType("navigation")[0]; return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd }; })()`,
        );
        times.push(t);
      }
      times.sort((a, b) => a.load - b.load);
      const mid = times[1] ?? times[0] ?? { dcl: 0, load: 0 };
      rows.push({ profile: p.profile, ...mid });
    }
    await ctx.close();
    await app.close();
    return { bytes, requests, rows };
  } finally {
    await handle.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
}
