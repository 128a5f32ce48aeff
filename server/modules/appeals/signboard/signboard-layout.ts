import type { FontWeight } from "./signboard-fonts.js";
import { fitText, truncateText, type FittedText } from "./signboard-text.js";
import { DEFAULT_FOOTER, DEFAULT_TITLE, type SignboardData, type SignboardPerson } from "./signboard-types.js";

/** Design units: A4 portrait in points, y measured down from the top edge. */
export const DESIGN = { width: 595.28, height: 841.89, margin: 40 } as const;

export const COLORS = {
  red: "#C8161D",
  gold: "#F2C14E",
  ink: "#1F1F1F",
  grey: "#666666",
  tint: "#FBE9EA",
  white: "#FFFFFF",
} as const;

/** One drawing instruction in design units; `y` of text is its baseline. */
export type DrawOp =
  | { kind: "rect"; x: number; y: number; w: number; h: number; fill?: string; stroke?: string; lineWidth?: number }
  | { kind: "text"; text: string; x: number; y: number; size: number; weight: FontWeight; color: string; tracking?: number }
  | { kind: "qr"; x: number; y: number; size: number; url: string };

export type Measurer = (text: string, weight: FontWeight, size: number) => number;

const W = DESIGN.width;
const M = DESIGN.margin;
const INNER = W - 2 * M;
// CJK glyphs sit in an em box from 0.88 above to 0.12 below the baseline: its middle is 0.38 up.
const MID = 0.38;

/** Where each part of the board sits (top and height), so every board of a batch looks the same. */
const BOX = {
  header: { y: 0, h: 112 },
  village: { y: 128, h: 38 },
  grid: { y: 168, h: 48 },
  qr: { y: 226, h: 262 },
  caption: 518,
  hint: 538,
  people: 568,
  promises: 668,
  footerRule: 752,
  footer: { y: 760, h: 32 },
  code: 806,
} as const;

/**
 * Lays out one signboard as drawing instructions (pure: text is measured through `measure`).
 * Strings must already be sanitised (see sanitizeText); nothing here drops or replaces characters.
 */
export function layoutSignboard(board: SignboardData, measure: Measurer): DrawOp[] {
  const ops: DrawOp[] = [];
  const fit = (text: string, weight: FontWeight, o: { maxWidth: number; maxSize: number; minSize: number; maxLines?: number; maxHeight?: number }): FittedText =>
    fitText(text, (t, s) => measure(t, weight, s), o);

  // Text lines centred horizontally on the page and vertically in a box.
  const centredBlock = (f: FittedText, weight: FontWeight, color: string, top: number, h: number, tracking = 0): void => {
    const blockH = (f.lines.length - 1) * f.leading;
    let y = top + h / 2 - blockH / 2 + MID * f.size;
    for (const line of f.lines) {
      const width = measure(line, weight, f.size) + tracking * Math.max(0, [...line].length - 1);
      ops.push({ kind: "text", text: line, x: (W - width) / 2, y, size: f.size, weight, color, ...(tracking ? { tracking } : {}) });
      y += f.leading;
    }
  };

  // Header band with the title and the district · town line.
  ops.push({ kind: "rect", x: 0, y: BOX.header.y, w: W, h: BOX.header.h, fill: COLORS.red });
  ops.push({ kind: "rect", x: 0, y: BOX.header.h, w: W, h: 3, fill: COLORS.gold });
  const title = fit(board.title || DEFAULT_TITLE, "bold", { maxWidth: INNER, maxSize: 44, minSize: 24 });
  const tracking = [...(title.lines[0] ?? "")].length <= 8 ? title.size * 0.12 : 0;
  centredBlock(title, "bold", COLORS.white, 18, 58, tracking);
  const place = [board.districtName, board.townName].filter(Boolean).join(" · ");
  centredBlock(fit(place, "regular", { maxWidth: INNER, maxSize: 16, minSize: 10 }), "regular", COLORS.white, 78, 24);

  // Village, then the grid's own name in red, as large as fits.
  const village = fit(board.villageName, "bold", { maxWidth: INNER, maxSize: 28, minSize: 14, maxLines: 2, maxHeight: BOX.village.h });
  centredBlock(village, "bold", COLORS.ink, BOX.village.y, BOX.village.h);
  const grid = fit(board.gridName, "bold", { maxWidth: INNER, maxSize: 36, minSize: 16, maxLines: 2, maxHeight: BOX.grid.h });
  centredBlock(grid, "bold", COLORS.red, BOX.grid.y, BOX.grid.h);

  // The QR code in a thin red frame; the renderer paints its white quiet zone.
  const frame = BOX.qr.h;
  const fx = (W - frame) / 2;
  ops.push({ kind: "rect", x: fx, y: BOX.qr.y, w: frame, h: frame, stroke: COLORS.red, lineWidth: 1.5 });
  ops.push({ kind: "qr", x: fx + 5, y: BOX.qr.y + 5, size: frame - 10, url: board.url });
  const centredLine = (text: string, weight: FontWeight, size: number, y: number, color: string): void => {
    ops.push({ kind: "text", text, x: (W - measure(text, weight, size)) / 2, y, size, weight, color });
  };
  centredLine("扫码反映诉求", "bold", 24, BOX.caption, COLORS.red);
  centredLine("手机扫一扫，身边问题随时反映", "regular", 11, BOX.hint, COLORS.grey);

  layoutPeople(board, measure, ops);
  layoutPromises(board, measure, ops, fit);

  ops.push({ kind: "rect", x: M, y: BOX.footerRule, w: INNER, h: 1, fill: COLORS.red });
  const footer = fit(board.footer || DEFAULT_FOOTER, "regular", { maxWidth: INNER, maxSize: 10.5, minSize: 7, maxLines: 2, maxHeight: BOX.footer.h });
  centredBlock(footer, "regular", COLORS.grey, BOX.footer.y, BOX.footer.h);
  centredLine(truncateText(`网格编码 ${board.gridCode}`, (t, s) => measure(t, "regular", s), 8, INNER), "regular", 8, BOX.code, COLORS.grey);
  return ops;
}

function heading(text: string, y: number, measure: Measurer, ops: DrawOp[]): void {
  ops.push({ kind: "rect", x: M, y: y - 13, w: 4, h: 15, fill: COLORS.red });
  ops.push({ kind: "text", text: truncateText(text, (t, s) => measure(t, "bold", s), 15, INNER - 10), x: M + 10, y, size: 15, weight: "bold", color: COLORS.ink });
}

/** 网格长 first, then 网格员: two columns up to 6 people, three up to 9, then "等共N人". */
function layoutPeople(board: SignboardData, measure: Measurer, ops: DrawOp[]): void {
  const people: { role: string; person: SignboardPerson }[] = [
    ...(board.leader ? [{ role: "网格长", person: board.leader }] : []),
    ...board.workers.map((person) => ({ role: "网格员", person })),
  ];
  if (people.length === 0) return;
  heading("网格服务人员", BOX.people, measure, ops);
  const cols = people.length <= 6 ? 2 : 3;
  const shown = people.length <= 9 ? people : people.slice(0, 8);
  const cellW = INNER / cols;
  const [roleSize, nameSize, phoneSize] = cols === 2 ? [11, 14, 13] : [10, 12, 11];
  const pitch = cols === 2 ? 24 : 22;
  shown.forEach(({ role, person }, i) => {
    const x = M + (i % cols) * cellW;
    const baseline = BOX.people + 25 + Math.floor(i / cols) * pitch;
    // The red role chip is centred on the visual middle of the name line.
    const middle = baseline - MID * nameSize;
    const chipW = measure(role, "bold", roleSize) + 8;
    ops.push({ kind: "rect", x, y: middle - (roleSize + 6) / 2, w: chipW, h: roleSize + 6, fill: COLORS.red });
    ops.push({ kind: "text", text: role, x: x + 4, y: middle + MID * roleSize, size: roleSize, weight: "bold", color: COLORS.white });
    const phoneW = measure(person.phoneMasked, "regular", phoneSize);
    const phoneX = x + cellW - 12 - phoneW;
    ops.push({ kind: "text", text: person.phoneMasked, x: phoneX, y: baseline, size: phoneSize, weight: "regular", color: COLORS.ink });
    const nameX = x + chipW + 6;
    const name = fitText(person.name, (t, s) => measure(t, "bold", s), { maxWidth: Math.max(10, phoneX - nameX - 6), maxSize: nameSize, minSize: 9 });
    ops.push({ kind: "text", text: name.lines[0] ?? "", x: nameX, y: baseline, size: name.size, weight: "bold", color: COLORS.ink });
  });
  if (shown.length < people.length) {
    const x = M + 2 * cellW;
    ops.push({ kind: "text", text: `等共 ${people.length} 人`, x: x + 4, y: BOX.people + 25 + 2 * pitch, size: nameSize, weight: "regular", color: COLORS.grey });
  }
}

type Fit = (text: string, weight: FontWeight, o: { maxWidth: number; maxSize: number; minSize: number }) => FittedText;

/** The promised time limits as a one- or two-row table of label over limit cells. */
function layoutPromises(board: SignboardData, measure: Measurer, ops: DrawOp[], fit: Fit): void {
  const n = board.promises.length;
  if (n === 0) return;
  heading("服务承诺", BOX.promises, measure, ops);
  const rows = n <= 5 ? 1 : 2;
  const cols = Math.ceil(n / rows);
  const cellW = INNER / cols;
  const half = rows === 1 ? 22 : 16;
  const top = BOX.promises + 10;
  board.promises.forEach((p, i) => {
    const x = M + (i % cols) * cellW;
    const y = top + Math.floor(i / cols) * half * 2;
    ops.push({ kind: "rect", x, y, w: cellW, h: half, fill: COLORS.tint, stroke: COLORS.red, lineWidth: 0.8 });
    ops.push({ kind: "rect", x, y: y + half, w: cellW, h: half, stroke: COLORS.red, lineWidth: 0.8 });
    const size = rows === 1 ? 13 : 11;
    for (const [text, weight, color, cellTop] of [
      [p.label, "bold", COLORS.red, y],
      [p.limit, "regular", COLORS.ink, y + half],
    ] as const) {
      const f = fit(text, weight, { maxWidth: cellW - 8, maxSize: size, minSize: 7 });
      const line = f.lines[0] ?? "";
      ops.push({ kind: "text", text: line, x: x + (cellW - measure(line, weight, f.size)) / 2, y: cellTop + half / 2 + MID * f.size, size: f.size, weight, color });
    }
  });
}
