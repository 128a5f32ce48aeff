/** Width of `text` at font size `size`, in the same unit as the widths it is compared with. */
export type MeasureText = (text: string, size: number) => number;

/** Printed in place of a character the font lacks, so the gap is visible on the board. */
export const PLACEHOLDER = "□";
export const ELLIPSIS = "…";

// Invisible code points that would otherwise count as missing glyphs: variation selectors (IVS in
// names), zero-width space/joiners, BOM.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\uFE00-\uFE0F]|\uDB40[\uDD00-\uDDEF]/g;
const SPACES = /[\s\u0000-\u001F\u007F]+/g;

/**
 * Normalises a string for printing: NFC, whitespace collapsed, invisible marks dropped, and every
 * character `covers` rejects replaced by {@link PLACEHOLDER}. Returns the replaced characters too.
 */
export function sanitizeText(raw: string, covers: (codePoint: number) => boolean): { text: string; missing: string[] } {
  const cleaned = raw.normalize("NFC").replace(INVISIBLE, "").replace(SPACES, " ").trim();
  let text = "";
  const missing: string[] = [];
  for (const ch of cleaned) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === " " || covers(cp)) text += ch;
    else {
      text += PLACEHOLDER;
      if (!missing.includes(ch)) missing.push(ch);
    }
  }
  return { text, missing };
}

// Line-breaking rules (禁则): these must not start a line, those must not end one.
const NO_LINE_START = new Set([..."，。、；：？！）》」』】〕〉”’…·%％,.;:?!)]}"]);
const NO_LINE_END = new Set([..."（《「『【〔〈“‘([{"]);

/** Splits into breakable units: a run of ASCII letters/digits stays whole, any other char stands alone. */
function tokens(text: string): string[] {
  return text.match(/[A-Za-z0-9@#&*+\-_./:]+|\s+|[^]/gu) ?? [];
}

/**
 * Greedy line breaking for CJK text (any character boundary, ASCII words kept whole when they fit),
 * honouring the basic 禁则 for closing and opening punctuation.
 */
export function wrapText(text: string, measure: MeasureText, size: number, maxWidth: number): string[] {
  const units: string[] = [];
  for (const t of tokens(text)) {
    if (measure(t, size) <= maxWidth) units.push(t);
    else units.push(...t); // a single over-long word breaks anywhere
  }
  const lines: string[][] = [];
  let line: string[] = [];
  let width = 0;
  for (const unit of units) {
    const w = measure(unit, size);
    if (line.length === 0 && /^\s+$/.test(unit)) continue;
    if (width + w <= maxWidth || line.length === 0) {
      line.push(unit);
      width += w;
      continue;
    }
    const next: string[] = [];
    if (NO_LINE_START.has(unit) && line.length > 1) next.push(line.pop() ?? "");
    while (line.length > 1 && NO_LINE_END.has(line[line.length - 1] ?? "")) next.unshift(line.pop() ?? "");
    lines.push(line);
    line = /^\s+$/.test(unit) ? next : [...next, unit];
    width = line.reduce((sum, u) => sum + measure(u, size), 0);
  }
  if (line.length) lines.push(line);
  return lines.map((l) => l.join("").trimEnd()).filter((l) => l.length > 0);
}

/** Shortens `text` until it plus {@link ELLIPSIS} fits `maxWidth`. */
export function truncateText(text: string, measure: MeasureText, size: number, maxWidth: number): string {
  if (measure(text, size) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 0 && measure(chars.join("").trimEnd() + ELLIPSIS, size) > maxWidth) chars.pop();
  return chars.join("").trimEnd() + ELLIPSIS;
}

export interface FitOptions {
  maxWidth: number;
  maxSize: number;
  minSize: number;
  /** Default 1 */
  maxLines?: number;
  /** The box height the lines must fit; default: room for maxLines lines at maxSize */
  maxHeight?: number;
  /** Line advance as a multiple of the size; default 1.25 */
  lineHeight?: number;
}

export interface FittedText {
  lines: string[];
  size: number;
  /** Absolute distance between baselines */
  leading: number;
  truncated: boolean;
}

/**
 * The largest size (in 0.5 steps from maxSize down to minSize) at which `text` wraps into the
 * allowed lines and height; at minSize whatever is left over is cut with an ellipsis.
 */
export function fitText(text: string, measure: MeasureText, opts: FitOptions): FittedText {
  const maxLines = opts.maxLines ?? 1;
  const lh = opts.lineHeight ?? 1.25;
  const maxHeight = opts.maxHeight ?? opts.maxSize * lh * maxLines;
  if (!text) return { lines: [], size: opts.maxSize, leading: opts.maxSize * lh, truncated: false };
  for (let size = opts.maxSize; size >= opts.minSize; size -= 0.5) {
    const lines = wrapText(text, measure, size, opts.maxWidth);
    // The last line needs only its own size, not a full leading, below the previous baseline.
    const height = (lines.length - 1) * size * lh + size;
    if (lines.length <= maxLines && height <= maxHeight) return { lines, size, leading: size * lh, truncated: false };
  }
  const size = opts.minSize;
  const room = Math.max(1, Math.min(maxLines, Math.floor((maxHeight - size) / (size * lh)) + 1));
  const lines = wrapText(text, measure, size, opts.maxWidth);
  if (lines.length <= room) return { lines, size, leading: size * lh, truncated: false };
  const kept = lines.slice(0, room);
  kept[room - 1] = truncateText(lines.slice(room - 1).join(""), measure, size, opts.maxWidth);
  return { lines: kept, size, leading: size * lh, truncated: true };
}
