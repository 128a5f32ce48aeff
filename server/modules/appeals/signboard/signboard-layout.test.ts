import { beforeAll, describe, expect, it } from "vitest";
import { loadSignboardFonts, type SignboardFonts } from "./signboard-fonts.js";
import { buildBoard, buildCrowdedBoard } from "./signboard-fixtures.js";
import { DESIGN, layoutSignboard, type DrawOp } from "./signboard-layout.js";
import { sanitizeText } from "./signboard-text.js";
import type { SignboardData } from "./signboard-types.js";

let fonts: SignboardFonts;
beforeAll(async () => {
  fonts = await loadSignboardFonts();
});

type TextOp = Extract<DrawOp, { kind: "text" }>;

function textBoxes(board: SignboardData): { op: TextOp; left: number; right: number; top: number; bottom: number }[] {
  const clean = (s: string): string => sanitizeText(s, fonts.covers).text;
  const b: SignboardData = {
    ...board,
    gridName: clean(board.gridName),
    workers: board.workers.map((w) => ({ ...w, name: clean(w.name) })),
  };
  return layoutSignboard(b, fonts.measure)
    .filter((op): op is TextOp => op.kind === "text")
    .map((op) => {
      const width = fonts.measure(op.text, op.weight, op.size) + (op.tracking ?? 0) * ([...op.text].length - 1);
      return { op, left: op.x, right: op.x + width, top: op.y - 0.88 * op.size, bottom: op.y + 0.12 * op.size };
    });
}

describe.each([
  ["an ordinary board", buildBoard()],
  ["a crowded board", buildCrowdedBoard()],
])("layoutSignboard, %s", (_name, board) => {
  it("keeps every line inside the margins", () => {
    for (const box of textBoxes(board)) {
      expect(box.left, box.op.text).toBeGreaterThanOrEqual(DESIGN.margin - 0.01);
      expect(box.right, box.op.text).toBeLessThanOrEqual(DESIGN.width - DESIGN.margin + 0.01);
      expect(box.bottom, box.op.text).toBeLessThanOrEqual(DESIGN.height - 30);
    }
  });

  it("never lets two lines overlap", () => {
    const boxes = textBoxes(board);
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const overlap = a.left < b.right - 0.01 && b.left < a.right - 0.01 && a.top < b.bottom - 0.01 && b.top < a.bottom - 0.01;
        expect(overlap, `"${a.op.text}" overlaps "${b.op.text}"`).toBe(false);
      }
    }
  });
});

describe("layoutSignboard content", () => {
  it("shows every name of an ordinary board in full, and one QR code of at least 8 cm", () => {
    const board = buildBoard();
    const ops = layoutSignboard(board, fonts.measure);
    const texts = ops.flatMap((op) => (op.kind === "text" ? [op.text] : []));
    for (const s of ["网格服务牌", "汕头市龙湖区 · 外砂街道", "蓬中村", "第1网格", "陈建国", "139****1234", "扫码反映诉求", "3个工作日"]) {
      expect(texts).toContain(s);
    }
    const qr = ops.filter((op) => op.kind === "qr");
    expect(qr).toHaveLength(1);
    expect((qr[0]?.size ?? 0) / 72 * 2.54).toBeGreaterThan(8);
  });

  it("lists at most nine people and counts the rest", () => {
    const texts = layoutSignboard(buildCrowdedBoard(), fonts.measure).flatMap((op) => (op.kind === "text" ? [op.text] : []));
    expect(texts).toContain("等共 12 人");
    expect(texts.filter((t) => t === "网格长" || t === "网格员")).toHaveLength(8);
  });
});
