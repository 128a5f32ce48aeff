// Builds the admin UI into dist/web when it is missing or older than its sources, so that
// `npm ci && npm start` works on a fresh clone without a separate build step.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { execSync } from "node:child_process";

const root = join(import.meta.dirname, "..");
const marker = join(root, "dist", "web", "index.html");

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = Math.max(newest(join(root, "web")), newest(join(root, "common")), statSync(join(root, "vite.config.ts")).mtimeMs);
if (!existsSync(marker) || statSync(marker).mtimeMs < sources) {
  console.log("[zhenxing] building the admin UI (first start or sources changed) …");
  execSync("npx vite build --logLevel warn", { cwd: root, stdio: "inherit" });
}
