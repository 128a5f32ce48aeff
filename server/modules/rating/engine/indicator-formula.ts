import type { EffectiveIndicator } from "./effective.js";
import type { FormulaContext } from "./formula.js";
import type { Scored } from "./indicators.js";
import { own } from "./own.js";
import { fmt, num } from "./rounding.js";
import type { Facts } from "./schema.js";
import type { LineInput, MessageRef } from "./types.js";

/**
 * Scores a formula indicator: missing inputs read 0, division by zero yields 0, and the result
 * is clamped to [0, max]; each of these is noted on the line so the number can be retraced.
 */
export function scoreFormula(ind: EffectiveIndicator, facts: Facts): { input: LineInput; scored: Scored; notes: MessageRef[] } {
  const formula = ind.formula;
  const notes: MessageRef[] = [];
  if (!formula) {
    // compileScheme refuses schemes whose formulas do not parse, so this is unreachable in practice.
    return { input: { kind: "formula", values: {} }, scored: { points: 0, rule: "", reason: { key: "rating.reason.formula", params: { value: 0, points: 0 } } }, notes };
  }
  const values: Record<string, number | null> = {};
  const args: number[] = [];
  const missing: string[] = [];
  for (const name of formula.identifiers) {
    const v = own(facts.inputs, name);
    const usable = v !== undefined && Number.isFinite(v);
    values[name] = usable ? v : null;
    args.push(usable ? v : 0);
    if (!usable) missing.push(name);
  }
  if (missing.length > 0) notes.push({ key: "rating.note.inputMissing", params: { metric: missing.join(", ") } });
  const ctx: FormulaContext = { divisionByZero: false, nonFinite: false };
  const raw = formula.run(args, ctx);
  if (ctx.divisionByZero) notes.push({ key: "rating.note.divisionByZero" });
  if (ctx.nonFinite) notes.push({ key: "rating.note.formulaNonFinite" });
  const points = Math.min(Math.max(raw, 0), ind.max);
  let rule = `${formula.source} = ${fmt(raw)}`;
  if (points !== raw) {
    rule += `; clamp(${fmt(raw)}, 0, ${fmt(ind.max)}) = ${fmt(points)}`;
    notes.push({ key: "rating.note.formulaClamped", params: { value: num(raw), max: num(ind.max) } });
  }
  return { input: { kind: "formula", values }, scored: { points, rule, reason: { key: "rating.reason.formula", params: { value: num(raw), points: num(points) } } }, notes };
}
