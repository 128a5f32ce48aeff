import { describe, expect, it } from "vitest";
import { ELLIPSIS, PLACEHOLDER, fitText, sanitizeText, truncateText, wrapText, type MeasureText } from "./signboard-text.js";

// Full-width characters are one em wide, ASCII half an em.
const measure: MeasureText = (text, size) => [...text].reduce((w, ch) => w + ((ch.codePointAt(0) ?? 0) < 0x80 ? 0.5 : 1) * size, 0);
const notRare = (cp: number): boolean => cp !== 0x2348d && cp !== 0x5803; // 𣒍, 堃

describe("sanitizeText", () => {
  it("replaces characters the font lacks with a placeholder and reports each once", () => {
    expect(sanitizeText("黄堃 黄堃𣒍", notRare)).toEqual({ text: `黄${PLACEHOLDER} 黄${PLACEHOLDER}${PLACEHOLDER}`, missing: ["堃", "𣒍"] });
  });

  it("collapses whitespace, drops invisible marks and normalises to NFC", () => {
    expect(sanitizeText("  蓬中村\n\t第三\u200B网格\uFE00 ", () => true)).toEqual({ text: "蓬中村 第三网格", missing: [] });
    expect(sanitizeText("Cafe\u0301", () => true).text).toBe("Café");
  });
});

describe("wrapText", () => {
  it("breaks CJK anywhere but keeps ASCII words whole", () => {
    expect(wrapText("一二三四五六", measure, 10, 30)).toEqual(["一二三", "四五六"]);
    expect(wrapText("电话 13800138000 联系", measure, 10, 60)).toEqual(["电话", "13800138000", "联系"]);
  });

  it("never starts a line with closing punctuation nor ends one with opening punctuation", () => {
    expect(wrapText("一二三，四五", measure, 10, 30)).toEqual(["一二", "三，四", "五"]);
    expect(wrapText("一二（三四）", measure, 10, 30)).toEqual(["一二", "（三", "四）"]);
  });
});

describe("fitText", () => {
  it("keeps the largest size that fits on one line", () => {
    expect(fitText("第三网格", measure, { maxWidth: 200, maxSize: 36, minSize: 16 })).toMatchObject({ lines: ["第三网格"], size: 36, truncated: false });
    expect(fitText("第三网格", measure, { maxWidth: 100, maxSize: 36, minSize: 16 })).toMatchObject({ lines: ["第三网格"], size: 25 });
  });

  it("wraps onto a second line rather than shrinking below the box", () => {
    const f = fitText("一二三四五六七八九十", measure, { maxWidth: 100, maxSize: 20, minSize: 16, maxLines: 2, maxHeight: 50 });
    expect(f.lines).toEqual(["一二三四五", "六七八九十"]);
    expect(f.size).toBe(20);
  });

  it("cuts with an ellipsis when even the minimum size overflows", () => {
    const f = fitText("一二三四五六七八九十", measure, { maxWidth: 40, maxSize: 20, minSize: 10 });
    expect(f).toMatchObject({ lines: [`一二三${ELLIPSIS}`], size: 10, truncated: true });
    expect(truncateText("一二", measure, 10, 40)).toBe("一二");
  });
});
