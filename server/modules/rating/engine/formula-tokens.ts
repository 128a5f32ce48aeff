/**
 * Tokeniser of the formula language. Hand-written so that nothing in a scheme ever reaches
 * eval/Function: a formula is data, tokenised, parsed into an AST and walked.
 */

export type TokenKind = "num" | "ident" | "op" | "end";

export interface Token {
  kind: TokenKind;
  text: string;
  value: number;
  /** 0-based character offset, for error messages. */
  pos: number;
}

export type FormulaErrorCode =
  | "tooLong"
  | "tooDeep"
  | "unexpectedChar"
  | "unexpectedToken"
  | "unexpectedEnd"
  | "badNumber"
  | "unknownFunction"
  | "arity";

/** A parse error; the message key is `rating.formula.<code>`. */
export interface FormulaError {
  code: FormulaErrorCode;
  key: string;
  pos: number;
  params: Record<string, string | number>;
}

/** A coded parse error at character `pos`; the position is also a message parameter. */
export function formulaError(code: FormulaErrorCode, pos: number, params: Record<string, string | number> = {}): FormulaError {
  return { code, key: `rating.formula.${code}`, pos, params: { pos, ...params } };
}

export const MAX_FORMULA_LENGTH = 2000;

const TWO_CHAR_OPS = new Set(["<=", ">=", "==", "!="]);
const ONE_CHAR_OPS = new Set(["+", "-", "*", "/", "(", ")", ",", "<", ">"]);

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

function isIdentStart(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || isDigit(c);
}

/** Splits source into tokens, ending with an `end` token; never throws. */
export function tokenize(source: string): { ok: true; tokens: Token[] } | { ok: false; error: FormulaError } {
  if (source.length > MAX_FORMULA_LENGTH) {
    return { ok: false, error: formulaError("tooLong", MAX_FORMULA_LENGTH, { max: MAX_FORMULA_LENGTH }) };
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source.charAt(i);
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if (isDigit(c) || (c === "." && isDigit(source.charAt(i + 1)))) {
      const start = i;
      while (i < source.length && isDigit(source.charAt(i))) i++;
      if (source.charAt(i) === ".") {
        i++;
        while (i < source.length && isDigit(source.charAt(i))) i++;
      }
      const text = source.slice(start, i);
      // "1.2.3" or "3abc" would otherwise tokenise silently into something the author did not mean.
      if (source.charAt(i) === "." || isIdentStart(source.charAt(i))) {
        return { ok: false, error: formulaError("badNumber", start, { text: source.slice(start, i + 1) }) };
      }
      const value = Number(text);
      if (!Number.isFinite(value)) return { ok: false, error: formulaError("badNumber", start, { text }) };
      tokens.push({ kind: "num", text, value, pos: start });
      continue;
    }
    if (isIdentStart(c)) {
      const start = i;
      i++;
      // Dotted names (`orgLife.heldRate`): a dot continues the name only when a name part follows.
      while (i < source.length) {
        const d = source.charAt(i);
        if (isIdentPart(d)) i++;
        else if (d === "." && isIdentStart(source.charAt(i + 1))) i++;
        else break;
      }
      tokens.push({ kind: "ident", text: source.slice(start, i), value: 0, pos: start });
      continue;
    }
    const two = source.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) {
      tokens.push({ kind: "op", text: two, value: 0, pos: i });
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPS.has(c)) {
      tokens.push({ kind: "op", text: c, value: 0, pos: i });
      i++;
      continue;
    }
    return { ok: false, error: formulaError("unexpectedChar", i, { char: c }) };
  }
  tokens.push({ kind: "end", text: "", value: 0, pos: source.length });
  return { ok: true, tokens };
}
