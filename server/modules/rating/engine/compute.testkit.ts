import { expect } from "vitest";
import { compute } from "./compute.js";
import { tinyScheme } from "./engine.fixtures.js";
import type { Facts, Scheme } from "./schema.js";
import type { BreakdownLine, ComputeOutcome, MessageRef, Problem, ScoreResult } from "./types.js";

export const AS_OF = new Date("2027-02-01T00:00:00Z");

/** Every message key an outcome carries, so tests can check the message file covers them. */
export const seenKeys = new Set<string>();

function collect(outcome: ComputeOutcome): void {
  if (!outcome.ok) {
    for (const p of outcome.problems) seenKeys.add(p.key);
    return;
  }
  const refs: MessageRef[] = [...outcome.result.notes, ...outcome.result.breakdown.flatMap((l) => [l.reason, ...l.notes])];
  for (const r of refs) seenKeys.add(r.key);
}

/** Computes and expects success. */
export function run(facts: Facts, scheme: Scheme = tinyScheme(), asOf: Date = AS_OF): ScoreResult {
  const outcome = compute(scheme, facts, asOf);
  collect(outcome);
  if (!outcome.ok) throw new Error(`unexpected problems: ${JSON.stringify(outcome.problems)}`);
  return outcome.result;
}

/** Computes and expects problems. */
export function problemsOf(facts: Facts, scheme: Scheme = tinyScheme(), asOf: Date = AS_OF): Problem[] {
  const outcome = compute(scheme, facts, asOf);
  collect(outcome);
  if (outcome.ok) throw new Error("expected problems, got a result");
  return outcome.problems;
}

export function line(result: ScoreResult, indicator: string): BreakdownLine {
  const found = result.breakdown.find((l) => l.indicator === indicator);
  if (!found) throw new Error(`no line for ${indicator}`);
  return found;
}

/** The invariants every result must keep: lines add up to rawTotal; totals have at most 2 decimals. */
export function expectConsistent(result: ScoreResult): void {
  const cents = result.breakdown.reduce((sum, l) => sum + Math.round(l.points * 100), 0);
  expect(cents).toBe(Math.round(result.rawTotal * 100));
  expect(Math.round(result.total * 100) / 100).toBe(result.total);
  for (const l of result.breakdown) {
    expect(Math.round(l.points * 100) / 100).toBe(l.points);
    expect(Object.is(l.points, -0)).toBe(false);
  }
  const dims = result.dimensions.reduce((sum, d) => sum + Math.round(d.points * 100), 0);
  expect(dims).toBe(cents);
}
