import { parseFormula, type FormulaNode } from "./formula-parse.js";
import { own } from "./own.js";
import { roundHalfAway } from "./rounding.js";
import type { FormulaError } from "./formula-tokens.js";

/** Things that happened while evaluating, reported as notes on the breakdown line. */
export interface FormulaContext {
  divisionByZero: boolean;
  nonFinite: boolean;
}

/** A parsed formula turned into closures; `run` reads inputs by position in `identifiers`. */
export interface CompiledFormula {
  source: string;
  identifiers: string[];
  run(values: readonly number[], ctx: FormulaContext): number;
}

type Eval = (v: readonly number[], ctx: FormulaContext) => number;

const truth = (x: number): boolean => x !== 0;

function compileNode(node: FormulaNode, slot: ReadonlyMap<string, number>): Eval {
  switch (node.kind) {
    case "num": {
      const value = node.value;
      return () => value;
    }
    case "ref": {
      const i = slot.get(node.name) ?? -1;
      return (v) => v[i] ?? 0;
    }
    case "neg": {
      const a = compileNode(node.arg, slot);
      return (v, c) => -a(v, c);
    }
    case "not": {
      const a = compileNode(node.arg, slot);
      return (v, c) => (truth(a(v, c)) ? 0 : 1);
    }
    case "binary":
      return compileBinary(node.op, compileNode(node.left, slot), compileNode(node.right, slot));
    case "call":
      return compileCall(node.fn, node.args.map((a) => compileNode(a, slot)));
    default: {
      const never: never = node;
      return never;
    }
  }
}

function compileBinary(op: Extract<FormulaNode, { kind: "binary" }>["op"], l: Eval, r: Eval): Eval {
  switch (op) {
    case "+":
      return (v, c) => l(v, c) + r(v, c);
    case "-":
      return (v, c) => l(v, c) - r(v, c);
    case "*":
      return (v, c) => l(v, c) * r(v, c);
    case "/":
      return (v, c) => {
        const d = r(v, c);
        // A rate over an empty base (e.g. 0 appeals received) scores 0 rather than failing the run.
        if (d === 0) {
          c.divisionByZero = true;
          return 0;
        }
        return l(v, c) / d;
      };
    case "<":
      return (v, c) => (l(v, c) < r(v, c) ? 1 : 0);
    case "<=":
      return (v, c) => (l(v, c) <= r(v, c) ? 1 : 0);
    case ">":
      return (v, c) => (l(v, c) > r(v, c) ? 1 : 0);
    case ">=":
      return (v, c) => (l(v, c) >= r(v, c) ? 1 : 0);
    case "==":
      return (v, c) => (l(v, c) === r(v, c) ? 1 : 0);
    case "!=":
      return (v, c) => (l(v, c) !== r(v, c) ? 1 : 0);
    case "and":
      return (v, c) => (truth(l(v, c)) && truth(r(v, c)) ? 1 : 0);
    case "or":
      return (v, c) => (truth(l(v, c)) || truth(r(v, c)) ? 1 : 0);
    default: {
      const never: never = op;
      return never;
    }
  }
}

function arg(args: Eval[], i: number): Eval {
  // Arity is checked by the parser; the fallback only satisfies noUncheckedIndexedAccess.
  return args[i] ?? (() => 0);
}

function compileCall(fn: Extract<FormulaNode, { kind: "call" }>["fn"], args: Eval[]): Eval {
  switch (fn) {
    case "if": {
      const [c0, a, b] = [arg(args, 0), arg(args, 1), arg(args, 2)];
      return (v, c) => (truth(c0(v, c)) ? a(v, c) : b(v, c));
    }
    case "min":
      return (v, c) => args.reduce((m, f) => Math.min(m, f(v, c)), Infinity);
    case "max":
      return (v, c) => args.reduce((m, f) => Math.max(m, f(v, c)), -Infinity);
    case "clamp": {
      const [x, lo, hi] = [arg(args, 0), arg(args, 1), arg(args, 2)];
      return (v, c) => Math.min(Math.max(x(v, c), lo(v, c)), hi(v, c));
    }
    case "round": {
      const x = arg(args, 0);
      const d = args[1];
      return d ? (v, c) => roundHalfAway(x(v, c), d(v, c)) : (v, c) => roundHalfAway(x(v, c), 0);
    }
    default: {
      const never: never = fn;
      return never;
    }
  }
}

/** Parses and compiles a formula once; evaluation never throws and never returns NaN/Infinity. */
export function compileFormula(source: string): { ok: true; formula: CompiledFormula } | { ok: false; error: FormulaError } {
  const parsed = parseFormula(source);
  if (!parsed.ok) return parsed;
  const slot = new Map(parsed.identifiers.map((name, i) => [name, i] as const));
  const body = compileNode(parsed.ast, slot);
  return {
    ok: true,
    formula: {
      source,
      identifiers: parsed.identifiers,
      run(values, ctx) {
        const x = body(values, ctx);
        if (Number.isFinite(x)) return x;
        ctx.nonFinite = true;
        return 0;
      },
    },
  };
}

/**
 * Evaluates a formula against named values (missing names read 0). A convenience for previews and
 * tests; batch scoring uses compileFormula once per scheme.
 */
export function evaluateFormula(
  source: string,
  values: Readonly<Record<string, number>>,
): { ok: true; value: number; divisionByZero: boolean; nonFinite: boolean } | { ok: false; error: FormulaError } {
  const compiled = compileFormula(source);
  if (!compiled.ok) return compiled;
  const ctx: FormulaContext = { divisionByZero: false, nonFinite: false };
  const args = compiled.formula.identifiers.map((n) => own(values, n) ?? 0);
  const value = compiled.formula.run(args, ctx);
  return { ok: true, value, ...ctx };
}
