/**
 * Display masks for personal data (PRACTICE §5.3). Every function is total: null, undefined, empty
 * or malformed input yields a masked (or empty) string, never an exception and never more of the
 * value than the rules below reveal. A mask is for display only; it is not de-identification.
 */
import { parsePhone } from "./phone.js";

const STAR = "*";

/**
 * `13812341234` → `138****1234`; a landline → `0754-****1234` (extension dropped). Anything that
 * does not parse falls back to {@link maskGeneric} on the value without whitespace.
 */
export function maskPhone(value: string | null | undefined): string {
  const text = asText(value);
  const parsed = parsePhone(text);
  if (parsed.ok && parsed.kind === "mobile") return keepEnds(parsed.normalised, 3, 4);
  if (parsed.ok && parsed.kind === "landline") {
    const local = parsed.normalised.split("-")[1] ?? "";
    return `${parsed.areaCode}-${keepEnds(local, 0, 4)}`;
  }
  return maskGeneric(text.replace(/\s+/g, ""));
}

/**
 * ID numbers, with whitespace removed and letters upper-cased:
 * - 18 characters: first 4 and last 4 (`3405**********001X`): province/city, sequence and check
 *   digit stay; the address's county and the whole birth date are hidden.
 * - 15 characters: first 4 and last 3 (`3405********001`): the same idea for the legacy layout
 *   (birth date in characters 7–12), and the same positions hide the 2017 foreign-resident birth date.
 * - any other length: {@link maskGeneric}.
 */
export function maskIdNumber(value: string | null | undefined): string {
  const text = asText(value).replace(/\s+/g, "").toUpperCase();
  const length = [...text].length;
  if (length === 18) return keepEnds(text, 4, 4);
  if (length === 15) return keepEnds(text, 4, 3);
  return maskGeneric(text);
}

/**
 * Names keep the first character (the surname, in Chinese order) and, from three characters on,
 * the last one: `张三` → `张*`, `张小三` → `张*三`, `欧阳小明` → `欧**明`. Compound surnames are not
 * detected (`欧阳` is ambiguous with a one-character surname). A single character becomes `*`.
 * Separators inside the name (`·`, spaces between Latin words) stay visible, so `阿依古丽·买买提` →
 * `阿***·**提`; when nothing else would be hidden (`A B`), the last character is masked too.
 */
export function maskName(value: string | null | undefined): string {
  // Spaces typed between Chinese characters (`李  四`) are noise; between Latin words they separate.
  const text = asText(value)
    .trim()
    .replace(/\s+/g, " ")
    .replace(/ (?=\p{Script=Han})|(?<=\p{Script=Han}) /gu, "");
  const chars = [...text];
  if (chars.length === 0) return "";
  if (chars.length === 1) return STAR;
  if (chars.length === 2) return `${chars[0]}${STAR}`;
  const middle = chars.slice(1, -1).map((c) => (isSeparator(c) ? c : STAR));
  // A middle made only of separators (`A B`) would reveal everything: hide the last character too.
  const last = middle.includes(STAR) ? chars[chars.length - 1] : STAR;
  return `${chars[0]}${middle.join("")}${last}`;
}

/**
 * The fallback for values of unknown shape, by length in characters:
 * ≥ 11 keeps the first 3 and last 4; 7–10 keeps the first 2 and last 2; 3–6 keeps the last 1;
 * 1–2 are fully masked. Every hidden character becomes one `*`.
 */
export function maskGeneric(value: string | null | undefined): string {
  const text = asText(value);
  const length = [...text].length;
  if (length >= 11) return keepEnds(text, 3, 4);
  if (length >= 7) return keepEnds(text, 2, 2);
  if (length >= 3) return keepEnds(text, 0, 1);
  return STAR.repeat(length);
}

function keepEnds(text: string, start: number, end: number): string {
  const chars = [...text];
  const hidden = Math.max(0, chars.length - start - end);
  if (hidden === 0) return STAR.repeat(chars.length);
  return chars.slice(0, start).join("") + STAR.repeat(hidden) + chars.slice(chars.length - end).join("");
}

function isSeparator(c: string): boolean {
  return c === " " || c === "·" || c === "•" || c === "・";
}

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  return typeof value === "number" || typeof value === "bigint" ? String(value) : "";
}
