import fontkit from "@pdf-lib/fontkit";
import {
  PDFDocument,
  fill,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setCharacterSpacing,
  setFillingRgbColor,
  type PDFFont,
  type PDFPage,
  type RGB,
} from "pdf-lib";
import { loadSignboardFonts, type FontWeight, type SignboardFonts } from "./signboard-fonts.js";
import { DESIGN, layoutSignboard, type DrawOp } from "./signboard-layout.js";
import { QR_QUIET_ZONE, qrMatrix } from "./signboard-qr.js";
import { sanitizeText } from "./signboard-text.js";
import type { MissingChars, RenderedSignboards, SignboardData, SignboardPaper, SignboardPerson } from "./signboard-types.js";

/** ISO 216 sizes in points; A3 is A4 scaled by √2, so the A4 design is scaled by the width ratio. */
const PAPER: Readonly<Record<SignboardPaper, readonly [number, number]>> = {
  A4: [595.28, 841.89],
  A3: [841.89, 1190.55],
};
const MAX_PROMISES = 10;
// A whole mainland mobile number (PIPL §5.3: boards show masked numbers or a relay number only).
const FULL_MOBILE = /(^|\D)1[3-9]\d{9}(\D|$)/;

/** Options for {@link renderSignboards}. */
export interface RenderSignboardOptions {
  size: SignboardPaper;
}

/**
 * Renders grid signboards, one page per board, into one PDF (a batch prints many boards at once).
 * Text uses the committed Noto Sans SC GB 2312 subset, cut down again to the characters actually
 * drawn, so a one-board PDF stays small; the QR code is drawn as vector squares with its quiet zone.
 * Characters the font lacks (a rare hanzi in a name) are printed as □ and listed in the result, so
 * the caller can warn the operator instead of printing a wrong board silently.
 * @throws RangeError when `boards` is empty, or a board has no URL, more than 10 promises or an
 *   unmasked mobile number
 */
export async function renderSignboards(boards: SignboardData[], opts: RenderSignboardOptions): Promise<RenderedSignboards> {
  if (boards.length === 0) throw new RangeError("renderSignboards needs at least one board");
  const [pageW, pageH] = PAPER[opts.size];
  const scale = pageW / DESIGN.width;
  const fonts = await loadSignboardFonts();

  const missingChars: string[] = [];
  const missingByBoard: MissingChars[] = [];
  const pages = boards.map((raw) => {
    const { board, missing } = sanitizeBoard(raw, fonts);
    if (missing.length) missingByBoard.push({ gridCode: raw.gridCode, chars: missing });
    for (const ch of missing) if (!missingChars.includes(ch)) missingChars.push(ch);
    return layoutSignboard(board, fonts.measure);
  });

  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(boards.length === 1 ? `网格服务牌 ${boards[0]?.gridName ?? ""}` : `网格服务牌（${boards.length}张）`);
  doc.setCreator("zhenxing");
  doc.setLanguage("zh-CN");
  const embedded = await embedFonts(doc, fonts, pages);
  for (const ops of pages) {
    const page = doc.addPage([pageW, pageH]);
    for (const op of ops) drawOp(page, op, scale, embedded);
  }
  return { pdf: await doc.save(), missingChars, missingByBoard };
}

function sanitizeBoard(raw: SignboardData, fonts: SignboardFonts): { board: SignboardData; missing: string[] } {
  if (!raw.url) throw new RangeError(`signboard ${raw.gridCode}: url must not be empty`);
  if (raw.promises.length > MAX_PROMISES) {
    throw new RangeError(`signboard ${raw.gridCode}: at most ${MAX_PROMISES} promises, got ${raw.promises.length}`);
  }
  const missing: string[] = [];
  const clean = (s: string): string => {
    const r = sanitizeText(s, fonts.covers);
    for (const ch of r.missing) if (!missing.includes(ch)) missing.push(ch);
    return r.text;
  };
  const person = (p: SignboardPerson): SignboardPerson => {
    if (FULL_MOBILE.test(p.phoneMasked.replace(/[\s-]/g, ""))) {
      throw new RangeError(`signboard ${raw.gridCode}: phone of ${p.name} is not masked`);
    }
    return { name: clean(p.name), phoneMasked: clean(p.phoneMasked) };
  };
  const board: SignboardData = {
    gridCode: clean(raw.gridCode),
    gridName: clean(raw.gridName),
    villageName: clean(raw.villageName),
    townName: clean(raw.townName),
    districtName: clean(raw.districtName),
    workers: raw.workers.map(person),
    ...(raw.leader ? { leader: person(raw.leader) } : {}),
    url: raw.url,
    promises: raw.promises.map((p) => ({ label: clean(p.label), limit: clean(p.limit) })),
    ...(raw.title !== undefined ? { title: clean(raw.title) } : {}),
    ...(raw.footer !== undefined ? { footer: clean(raw.footer) } : {}),
  };
  return { board, missing };
}

/** Embeds each weight once, cut to the characters all pages draw with it (pdf-lib's own subsetting breaks CJK). */
async function embedFonts(doc: PDFDocument, fonts: SignboardFonts, pages: DrawOp[][]): Promise<Partial<Record<FontWeight, PDFFont>>> {
  const used: Record<FontWeight, Set<string>> = { regular: new Set(), bold: new Set() };
  for (const ops of pages) for (const op of ops) if (op.kind === "text") for (const ch of op.text) used[op.weight].add(ch);
  const out: Partial<Record<FontWeight, PDFFont>> = {};
  for (const weight of ["regular", "bold"] as const) {
    if (used[weight].size === 0) continue;
    const bytes = await fonts.subset(weight, [...used[weight]].join(""));
    out[weight] = await doc.embedFont(bytes, { subset: false });
  }
  return out;
}

function color(hex: string): RGB {
  const n = Number.parseInt(hex.slice(1), 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

function drawOp(page: PDFPage, op: DrawOp, k: number, fonts: Partial<Record<FontWeight, PDFFont>>): void {
  // Measured from the page's top edge: √2 rounding leaves A3 0.1 pt shorter than the scaled design.
  const H = page.getHeight() / k;
  switch (op.kind) {
    case "rect":
      page.drawRectangle({
        x: op.x * k,
        y: (H - op.y - op.h) * k,
        width: op.w * k,
        height: op.h * k,
        ...(op.fill ? { color: color(op.fill) } : {}),
        ...(op.stroke ? { borderColor: color(op.stroke), borderWidth: (op.lineWidth ?? 1) * k } : {}),
      });
      return;
    case "text": {
      const font = fonts[op.weight];
      if (!font || !op.text) return;
      if (op.tracking) page.pushOperators(setCharacterSpacing(op.tracking * k));
      page.drawText(op.text, { x: op.x * k, y: (H - op.y) * k, size: op.size * k, font, color: color(op.color) });
      if (op.tracking) page.pushOperators(setCharacterSpacing(0));
      return;
    }
    case "qr":
      drawQr(page, op.url, op.x * k, (H - op.y) * k, op.size * k);
      return;
    default: {
      const never: never = op;
      throw new Error(`unknown draw op ${JSON.stringify(never)}`);
    }
  }
}

/** Paints the white quiet zone, then every dark run as a rectangle of one filled path. */
function drawQr(page: PDFPage, url: string, left: number, top: number, side: number): void {
  const { size, runs } = qrMatrix(url);
  const module = side / (size + 2 * QR_QUIET_ZONE);
  const r = (v: number): number => Math.round(v * 1000) / 1000;
  page.drawRectangle({ x: left, y: top - side, width: side, height: side, color: rgb(1, 1, 1) });
  // One path for all runs: renderers fill the union, so no hairline seams appear between modules.
  page.pushOperators(
    pushGraphicsState(),
    setFillingRgbColor(0, 0, 0),
    ...runs.map((run) =>
      rectangle(
        r(left + (QR_QUIET_ZONE + run.col) * module),
        r(top - (QR_QUIET_ZONE + run.row + 1) * module),
        r(run.length * module),
        r(module),
      ),
    ),
    fill(),
    popGraphicsState(),
  );
}
