import { formulaError, tokenize, type FormulaError, type Token } from "./formula-tokens.js";

export type BinaryOp = "+" | "-" | "*" | "/" | "<" | "<=" | ">" | ">=" | "==" | "!=" | "and" | "or";
export type FunctionName = "if" | "min" | "max" | "clamp" | "round";

export type FormulaNode =
  | { kind: "num"; value: number }
  | { kind: "ref"; name: string }
  | { kind: "neg"; arg: FormulaNode }
  | { kind: "not"; arg: FormulaNode }
  | { kind: "binary"; op: BinaryOp; left: FormulaNode; right: FormulaNode }
  | { kind: "call"; fn: FunctionName; args: FormulaNode[] };

export type ParseResult =
  | { ok: true; ast: FormulaNode; identifiers: string[] }
  | { ok: false; error: FormulaError };

const ARITY: Record<FunctionName, { min: number; max: number }> = {
  if: { min: 3, max: 3 },
  min: { min: 1, max: 20 },
  max: { min: 1, max: 20 },
  clamp: { min: 3, max: 3 },
  round: { min: 1, max: 2 },
};

function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(ARITY, name);
}

const KEYWORDS = new Set(["and", "or", "not", "true", "false"]);
const COMPARISONS = new Set(["<", "<=", ">", ">=", "==", "!="]);
/** Keeps recursion far from the JS stack limit whatever the input. */
const MAX_DEPTH = 64;

class ParseFailure {
  constructor(readonly error: FormulaError) {}
}

/**
 * Recursive descent, lowest precedence first:
 * or → and → not → comparison (non-associative) → + - → * / → unary minus → primary.
 */
class Parser {
  private i = 0;
  private depth = 0;
  readonly identifiers = new Set<string>();

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    // The token list always ends with an `end` token, so the last element is a safe fallback.
    return this.tokens[this.i] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== "end") this.i++;
    return t;
  }

  private fail(t: Token): never {
    if (t.kind === "end") throw new ParseFailure(formulaError("unexpectedEnd", t.pos));
    throw new ParseFailure(formulaError("unexpectedToken", t.pos, { token: t.text }));
  }

  private expectOp(text: string): void {
    const t = this.next();
    if (t.kind !== "op" || t.text !== text) this.fail(t);
  }

  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === "op" && t.text === text;
  }

  private isWord(text: string): boolean {
    const t = this.peek();
    return t.kind === "ident" && t.text === text;
  }

  private enter(pos: number): void {
    if (++this.depth > MAX_DEPTH) throw new ParseFailure(formulaError("tooDeep", pos, { max: MAX_DEPTH }));
  }

  parseAll(): FormulaNode {
    const ast = this.parseOr();
    const t = this.peek();
    if (t.kind !== "end") this.fail(t);
    return ast;
  }

  private parseOr(): FormulaNode {
    let left = this.parseAnd();
    while (this.isWord("or")) {
      this.next();
      left = { kind: "binary", op: "or", left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FormulaNode {
    let left = this.parseNot();
    while (this.isWord("and")) {
      this.next();
      left = { kind: "binary", op: "and", left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): FormulaNode {
    if (!this.isWord("not")) return this.parseComparison();
    const t = this.next();
    this.enter(t.pos);
    const arg = this.parseNot();
    this.depth--;
    return { kind: "not", arg };
  }

  private parseComparison(): FormulaNode {
    const left = this.parseAdditive();
    const t = this.peek();
    if (t.kind !== "op" || !COMPARISONS.has(t.text)) return left;
    this.next();
    const right = this.parseAdditive();
    const after = this.peek();
    // `a < b < c` reads like a range but would compare a boolean with c: refuse it.
    if (after.kind === "op" && COMPARISONS.has(after.text)) this.fail(after);
    return { kind: "binary", op: t.text as BinaryOp, left, right };
  }

  private parseAdditive(): FormulaNode {
    let left = this.parseMultiplicative();
    while (this.isOp("+") || this.isOp("-")) {
      const op = this.next().text as BinaryOp;
      left = { kind: "binary", op, left, right: this.parseMultiplicative() };
    }
    return left;
  }

  private parseMultiplicative(): FormulaNode {
    let left = this.parseUnary();
    while (this.isOp("*") || this.isOp("/")) {
      const op = this.next().text as BinaryOp;
      left = { kind: "binary", op, left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FormulaNode {
    if (!this.isOp("-") && !this.isOp("+")) return this.parsePrimary();
    const t = this.next();
    this.enter(t.pos);
    const arg = this.parseUnary();
    this.depth--;
    return t.text === "-" ? { kind: "neg", arg } : arg;
  }

  private parsePrimary(): FormulaNode {
    const t = this.next();
    switch (t.kind) {
      case "num":
        return { kind: "num", value: t.value };
      case "ident":
        return this.parseName(t);
      case "op":
        if (t.text !== "(") return this.fail(t);
        this.enter(t.pos);
        {
          const inner = this.parseOr();
          this.expectOp(")");
          this.depth--;
          return inner;
        }
      case "end":
        return this.fail(t);
      default: {
        const never: never = t.kind;
        return never;
      }
    }
  }

  private parseName(t: Token): FormulaNode {
    if (t.text === "true") return { kind: "num", value: 1 };
    if (t.text === "false") return { kind: "num", value: 0 };
    if (KEYWORDS.has(t.text)) return this.fail(t);
    if (!this.isOp("(")) {
      this.identifiers.add(t.text);
      return { kind: "ref", name: t.text };
    }
    if (!isFunctionName(t.text)) {
      throw new ParseFailure(formulaError("unknownFunction", t.pos, { name: t.text }));
    }
    const fn = t.text;
    this.next();
    this.enter(t.pos);
    const args: FormulaNode[] = [];
    if (!this.isOp(")")) {
      args.push(this.parseOr());
      while (this.isOp(",")) {
        this.next();
        args.push(this.parseOr());
      }
    }
    this.expectOp(")");
    this.depth--;
    const arity = ARITY[fn];
    if (args.length < arity.min || args.length > arity.max) {
      throw new ParseFailure(formulaError("arity", t.pos, { name: fn, min: arity.min, max: arity.max, got: args.length }));
    }
    return { kind: "call", fn, args };
  }
}

/**
 * Parses a formula into an AST and the list of identifiers it reads (sorted). Never throws: any
 * string yields either an AST or a coded error with its character position.
 */
export function parseFormula(source: string): ParseResult {
  const lexed = tokenize(source);
  if (!lexed.ok) return lexed;
  const parser = new Parser(lexed.tokens);
  try {
    const ast = parser.parseAll();
    return { ok: true, ast, identifiers: [...parser.identifiers].sort() };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, error: e.error };
    throw e;
  }
}
