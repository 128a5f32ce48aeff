import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsQRModule from "jsqr";
import { PDFDocument } from "pdf-lib";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { buildBoard, buildCrowdedBoard } from "./signboard-fixtures.js";
import { renderSignboards } from "./signboard-pdf.js";

// jsqr is CommonJS typed with an ES `export default`: under NodeNext the default import is the module.
const jsQR: typeof jsQRModule.default = typeof jsQRModule === "function" ? jsQRModule : jsQRModule.default;

// pdftotext and pdftoppm come from poppler-utils (apt-get install -y poppler-utils).
function hasTool(name: string): boolean {
  try {
    execFileSync(name, ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const HAS_PDFTOTEXT = hasTool("pdftotext");
const HAS_PDFTOPPM = hasTool("pdftoppm");
if (!HAS_PDFTOTEXT || !HAS_PDFTOPPM) {
  console.warn(
    "\n!!! poppler-utils missing: signboard text-extraction and QR-decoding checks are SKIPPED." +
      "\n!!! Install it with: apt-get install -y poppler-utils\n",
  );
}

const work = mkdtempSync(join(tmpdir(), "zx-signboard-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function save(name: string, pdf: Uint8Array): string {
  const file = join(work, name);
  writeFileSync(file, pdf);
  return file;
}

/** Rasterises one page at 150 dpi with pdftoppm and decodes the QR code on it with jsQR. */
function decodeQr(file: string, page: number): string | undefined {
  const prefix = join(work, `page-${page}`);
  execFileSync("pdftoppm", ["-r", "150", "-png", "-f", String(page), "-l", String(page), "-singlefile", file, prefix]);
  const png = PNG.sync.read(readFileSync(`${prefix}.png`));
  const pixels = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
  return jsQR(pixels, png.width, png.height, { inversionAttempts: "dontInvert" })?.data;
}

describe("renderSignboards", () => {
  it("renders one A4 page per board, with the names as extractable text", async () => {
    const board = buildBoard(3);
    const { pdf, missingChars, missingByBoard } = await renderSignboards([board], { size: "A4" });
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    expect(missingChars).toEqual([]);
    expect(missingByBoard).toEqual([]);
    if (!HAS_PDFTOTEXT) {
      console.warn("!!! pdftotext missing: text extraction NOT checked");
      return;
    }
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", save("one.pdf", pdf), "-"], { encoding: "utf8" });
    for (const s of ["网格服务牌", "蓬中村", "第3网格", "外砂街道", "陈建国", "黄堃", "139****1234", "扫码反映诉求", "7个工作日"]) {
      expect(text).toContain(s);
    }
  });

  it("renders A3 at ISO size", async () => {
    const { pdf } = await renderSignboards([buildBoard()], { size: "A3" });
    const { width, height } = (await PDFDocument.load(pdf)).getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([842, 1191]);
  });

  it("prints □ for characters outside the font and reports them per board", async () => {
    const crowded = buildCrowdedBoard();
    const { pdf, missingChars, missingByBoard } = await renderSignboards([buildBoard(1), crowded], { size: "A4" });
    expect(missingChars).toEqual(["𣒍"]);
    expect(missingByBoard).toEqual([{ gridCode: crowded.gridCode, chars: ["𣒍"] }]);
    if (!HAS_PDFTOTEXT) return;
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", "-f", "2", "-l", "2", save("crowded.pdf", pdf), "-"], { encoding: "utf8" });
    expect(text).toContain("欧阳□明");
    expect(text).not.toContain("𣒍");
  });

  it("rejects an empty batch and boards it cannot print", async () => {
    await expect(renderSignboards([], { size: "A4" })).rejects.toThrow(RangeError);
    await expect(renderSignboards([buildBoard(1, { url: "" })], { size: "A4" })).rejects.toThrow(RangeError);
    const promises = Array.from({ length: 11 }, (_, i) => ({ label: `第${i}项`, limit: "1天" }));
    await expect(renderSignboards([buildBoard(1, { promises })], { size: "A4" })).rejects.toThrow(/at most 10/);
    const leader = { name: "陈建国", phoneMasked: "138 0013 8000" };
    await expect(renderSignboards([buildBoard(1, { leader })], { size: "A4" })).rejects.toThrow(/not masked/);
  });

  it.skipIf(!HAS_PDFTOPPM)("draws a QR code that decodes to the board's URL", { timeout: 30_000 }, async () => {
    const board = buildBoard(3);
    const { pdf } = await renderSignboards([board], { size: "A4" });
    expect(decodeQr(save("qr-one.pdf", pdf), 1)).toBe(board.url);
  });

  it.skipIf(!HAS_PDFTOPPM)("puts each board's own QR code on its page of a batch", { timeout: 30_000 }, async () => {
    const boards = [1, 2, 3, 4, 5].map((n) => buildBoard(n));
    const { pdf } = await renderSignboards(boards, { size: "A4" });
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(5);
    expect(decodeQr(save("qr-batch.pdf", pdf), 3)).toBe(boards[2]?.url);
  });

  it.skipIf(!HAS_PDFTOPPM)("keeps the QR code readable on a crowded A3 board", { timeout: 30_000 }, async () => {
    const board = buildCrowdedBoard();
    const { pdf } = await renderSignboards([board], { size: "A3" });
    expect(decodeQr(save("qr-a3.pdf", pdf), 1)).toBe(board.url);
  });

  it("reports size and time for 1 and 100 boards", { timeout: 120_000 }, async () => {
    await renderSignboards([buildBoard()], { size: "A4" }); // warm: fonts and the subsetter's WebAssembly
    for (const n of [1, 100]) {
      const boards = Array.from({ length: n }, (_, i) => buildBoard(i + 1));
      const started = performance.now();
      const { pdf } = await renderSignboards(boards, { size: "A4" });
      const ms = performance.now() - started;
      console.log(`signboards: ${n} board(s) → ${(pdf.length / 1024).toFixed(1)} KiB in ${ms.toFixed(0)} ms`);
      expect(pdf.length).toBeGreaterThan(0);
    }
  });
});
