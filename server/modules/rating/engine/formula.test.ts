import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseFormula } from "./formula-parse.js";
import { compileFormula, evaluateFormula } from "./formula.js";

function value(source: string, inputs: Record<string, number> = {}): number {
  const r = evaluateFormula(source, inputs);
  if (!r.ok) throw new Error(`${source}: ${r.error.code}`);
  return r.value;
}

describe("formula evaluation", () => {
  it.each([
    ["1 + 2 * 3", 7],
    ["(1 + 2) * 3", 9],
    ["10 - 4 - 3", 3],
    ["12 / 4 / 3", 1],
    ["-3 + 5", 2],
    ["- -3", 3],
    ["+4", 4],
    [".5 * 4", 2],
    ["2 < 3", 1],
    ["3 <= 3", 1],
    ["3 > 3", 0],
    ["3 >= 4", 0],
    ["2 == 2", 1],
    ["2 != 2", 0],
    ["1 and 0", 0],
    ["1 and 2", 1],
    ["0 or 0", 0],
    ["0 or 5", 1],
    ["not 0", 1],
    ["not 3", 0],
    ["not 1 and 0", 0],
    ["1 + 1 > 1 and 2 < 3", 1],
    ["true + true", 2],
    ["false", 0],
    ["if(1, 10, 20)", 10],
    ["if(0, 10, 20)", 20],
    ["if(2 > 1, 1 / 0, 5)", 0],
    ["min(3, 1, 2)", 1],
    ["max(3, 1, 2)", 3],
    ["min(7)", 7],
    ["clamp(15, 0, 10)", 10],
    ["clamp(-2, 0, 10)", 0],
    ["clamp(4, 0, 10)", 4],
    ["round(2.5)", 3],
    ["round(-2.5)", -3],
    ["round(1.005, 2)", 1.01],
    ["round(3.14159, 3)", 3.142],
  ])("%s = %d", (source, expected) => {
    expect(value(source)).toBeCloseTo(expected, 10);
  });

  it("reads dotted input names and treats missing ones as 0", () => {
    expect(value("orgLife.heldRate * 10 + x", { "orgLife.heldRate": 0.9 })).toBeCloseTo(9, 10);
  });

  it("does not take inherited properties as inputs", () => {
    expect(value("constructor + toString", {})).toBe(0);
  });

  it("if() is lazy: the branch not taken is not evaluated", () => {
    const r = evaluateFormula("if(1, 5, 1 / 0)", {});
    expect(r).toMatchObject({ ok: true, value: 5, divisionByZero: false });
  });

  it("division by zero yields 0 and is flagged", () => {
    expect(evaluateFormula("a / b + 1", { a: 5, b: 0 })).toMatchObject({ ok: true, value: 1, divisionByZero: true });
  });

  it("overflow yields 0 and is flagged, never Infinity or NaN", () => {
    const source = Array.from({ length: 40 }, () => "99999999999").join(" * ");
    expect(evaluateFormula(source, {})).toMatchObject({ ok: true, value: 0, nonFinite: true });
  });

  it("lists the identifiers it reads, sorted and once", () => {
    const r = parseFormula("b + a * b + min(c, a)");
    expect(r.ok && r.identifiers).toEqual(["a", "b", "c"]);
  });
});

describe("formula parse errors", () => {
  it.each([
    ["", "unexpectedEnd"],
    ["1 +", "unexpectedEnd"],
    ["(1 + 2", "unexpectedEnd"],
    ["1 + 2)", "unexpectedToken"],
    ["1 2", "unexpectedToken"],
    ["a b", "unexpectedToken"],
    ["1 < 2 < 3", "unexpectedToken"],
    ["and", "unexpectedToken"],
    ["1 + not 0", "unexpectedToken"],
    ["min()", "arity"],
    ["if(1, 2)", "arity"],
    ["round(1, 2, 3)", "arity"],
    ["clamp(1)", "arity"],
    ["sqrt(4)", "unknownFunction"],
    ["constructor(1)", "unknownFunction"],
    ["eval(1)", "unknownFunction"],
    ["1 ^ 2", "unexpectedChar"],
    ["a = 1", "unexpectedChar"],
    ["x; y", "unexpectedChar"],
    ["`x`", "unexpectedChar"],
    ["1.2.3", "badNumber"],
    ["3abc", "badNumber"],
    ["(".repeat(100) + "1" + ")".repeat(100), "tooDeep"],
    ["-".repeat(100) + "1", "tooDeep"],
    ["1+".repeat(1500) + "1", "tooLong"],
  ])("%j → %s", (source, code) => {
    const r = parseFormula(source);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.key).toBe(`rating.formula.${code}`);
      expect(r.error.pos).toBeGreaterThanOrEqual(0);
    }
  });

  it("reports the position of the offending token", () => {
    const r = parseFormula("1 + * 2");
    expect(r.ok ? null : r.error).toMatchObject({ code: "unexpectedToken", pos: 4, params: { token: "*" } });
  });
});

describe("formula properties", () => {
  it("never throws on random strings: it returns an AST or a parse error", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const r = parseFormula(s);
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 2000 },
    );
  });

  it("never throws on strings made of the language's own tokens, and evaluates to a finite number", () => {
    const piece = fc.constantFrom("1", "0", "2.5", "a", "b.c", "+", "-", "*", "/", "(", ")", ",", "<", ">=", "==", "and", "or", "not", "if(", "min(", "max(", "clamp(", "round(", " ");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.double({ noNaN: true, noDefaultInfinity: true }), (pieces, a) => {
        const compiled = compileFormula(pieces.join(""));
        if (!compiled.ok) return;
        const ctx = { divisionByZero: false, nonFinite: false };
        const out = compiled.formula.run(compiled.formula.identifiers.map(() => a), ctx);
        expect(Number.isFinite(out)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
