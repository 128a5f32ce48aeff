import type { EffectiveIndicator } from "./effective.js";
import { own } from "./own.js";
import { factProblem } from "./problems.js";
import { fmt, fromCents, num, roundHalfAway, toCents } from "./rounding.js";
import type { Facts } from "./schema.js";
import type { BreakdownLine, FactProblem, FactProblemCode, LineInput, MessageRef, RoleScore } from "./types.js";
import { scoreFormula } from "./indicator-formula.js";

/** One scored indicator: its line, its signed points in cents, and whether all weighted roles scored it. */
export interface LineOutcome {
  line: BreakdownLine;
  cents: number;
  complete: boolean;
}

/** Points, rule and reason for one raw value under a non-formula method; unsigned, unrounded. */
export interface Scored {
  points: number;
  rule: string;
  reason: MessageRef;
}

const ref = (key: string, params?: Record<string, string | number>): MessageRef => (params ? { key, params } : { key });

/**
 * The method applied to one value (an evaluator's score, a metric or a count). Every branch
 * keeps the result within [0, max]; `manual` values are range-checked before they get here.
 */
export function scoreValue(ind: EffectiveIndicator, v: number): Scored {
  switch (ind.method) {
    case "manual":
      return { points: v, rule: fmt(v), reason: ref("rating.reason.manual", { points: num(v) }) };
    case "perEvent": {
      const raw = v * ind.perEvent;
      const points = Math.min(raw, ind.cap, ind.max);
      const rule = `min(${fmt(v)} * ${fmt(ind.perEvent)}, ${fmt(ind.cap)}) = ${fmt(points)}`;
      const key = raw > points ? "rating.reason.perEventCapped" : "rating.reason.perEvent";
      return { points, rule, reason: ref(key, { count: num(v), each: num(ind.perEvent), cap: num(ind.cap), points: num(points) }) };
    }
    case "ratio": {
      const points = Math.min(Math.max((v / ind.target) * ind.max, 0), ind.max);
      const rule = `clamp(${fmt(v)} / ${fmt(ind.target)} * ${fmt(ind.max)}, 0, ${fmt(ind.max)}) = ${fmt(points)}`;
      return { points, rule, reason: ref("rating.reason.ratio", { value: num(v), target: num(ind.target), points: num(points) }) };
    }
    case "boolean": {
      const met = v !== 0;
      const points = met ? ind.max : 0;
      return { points, rule: `${met ? 1 : 0} -> ${fmt(points)}`, reason: ref(met ? "rating.reason.booleanMet" : "rating.reason.booleanNotMet", { points: num(points) }) };
    }
    case "bands": {
      const band = ind.bands.find((b) => v >= b.min);
      if (band) {
        const points = Math.min(band.points, ind.max);
        return { points, rule: `${fmt(v)} >= ${fmt(band.min)} -> ${fmt(points)}`, reason: ref("rating.reason.band", { value: num(v), min: num(band.min), points: num(points) }) };
      }
      const lowest = ind.bands[ind.bands.length - 1]?.min ?? 0;
      return { points: 0, rule: `${fmt(v)} < ${fmt(lowest)} -> 0`, reason: ref("rating.reason.belowBands", { value: num(v), min: num(lowest) }) };
    }
    case "formula":
      // Formulas read several inputs at once and are scored by scoreFormula.
      return { points: 0, rule: "", reason: ref("rating.reason.formula", { value: 0, points: 0 }) };
    default: {
      const never: never = ind.method;
      return never;
    }
  }
}

/**
 * A score entered above a max a later scheme version lowered, counted at the capped value the
 * caller passed: the reason names the value entered and the max, so the capping is never silent.
 */
function cappedScore(ind: EffectiveIndicator, value: number, entered: number): Scored {
  const s = scoreValue(ind, value);
  return { ...s, rule: `min(${fmt(entered)}, ${fmt(ind.max)}) -> ${s.rule}`, reason: ref("rating.reason.cappedAtMax", { entered: num(entered), max: num(ind.max), points: num(s.points) }) };
}

/** Most lines have no notes; they share one frozen empty list instead of allocating their own. */
const NO_NOTES: readonly MessageRef[] = Object.freeze([]);

function finish(ind: EffectiveIndicator, input: LineInput, s: Scored, notes: MessageRef[], complete = true): LineOutcome {
  const magnitude = toCents(s.points);
  const cents = ind.negative && magnitude !== 0 ? -magnitude : magnitude;
  const line: BreakdownLine = {
    dimension: ind.dimension,
    indicator: ind.code,
    method: ind.method,
    negative: ind.negative,
    input,
    rule: ind.negative ? `-(${s.rule})` : s.rule,
    points: fromCents(cents),
    max: ind.max,
    reason: s.reason,
    notes: notes.length > 0 ? notes : NO_NOTES,
  };
  return { line, cents, complete };
}

/** Scores one indicator for one subject, appending any problem with the facts to `problems`. */
export function scoreIndicator(ind: EffectiveIndicator, facts: Facts, problems: FactProblem[]): LineOutcome {
  if (ind.method === "formula") {
    const f = scoreFormula(ind, facts);
    return finish(ind, f.input, f.scored, f.notes);
  }
  if (ind.source === "auto") return scoreMetric(ind, facts, problems);
  if (ind.method === "perEvent") return scoreCount(ind, facts, problems);
  return scoreRoles(ind, facts, problems);
}

function scoreMetric(ind: EffectiveIndicator, facts: Facts, problems: FactProblem[]): LineOutcome {
  const metric = ind.metric ?? "";
  const value = own(facts.inputs, metric);
  const notes: MessageRef[] = [];
  let v = value ?? 0;
  if (value === undefined) notes.push(ref("rating.note.inputMissing", { metric }));
  else if (!Number.isFinite(value)) {
    problems.push(factProblem("notFinite", `inputs.${metric}`, { metric }));
    v = 0;
  } else if (ind.method === "perEvent" && value < 0) {
    problems.push(factProblem("badCount", `inputs.${metric}`, { value }));
    v = 0;
  }
  return finish(ind, { kind: "metric", metric, value: value ?? null }, scoreValue(ind, v), notes);
}

function scoreCount(ind: EffectiveIndicator, facts: Facts, problems: FactProblem[]): LineOutcome {
  const value = own(facts.counts, ind.code);
  const notes: MessageRef[] = [];
  let v = value ?? 0;
  if (value === undefined) notes.push(ref("rating.note.noEvents"));
  else if (!Number.isFinite(value) || value < 0) {
    problems.push(factProblem("badCount", `counts.${ind.code}`, { value }));
    v = 0;
  }
  return finish(ind, { kind: "count", value: value ?? null }, scoreValue(ind, v), notes);
}

function checkRoleValue(ind: EffectiveIndicator, role: string, v: number, problems: FactProblem[]): boolean {
  let code: FactProblemCode | undefined;
  if (!Number.isFinite(v)) code = "notFinite";
  else if (ind.method === "boolean" && v !== 0 && v !== 1) code = "notBoolean";
  else if (ind.method === "manual" && v < 0) code = "scoreNegative";
  // Never clamped: a score above the max is a typing error the evaluator must correct.
  else if (ind.method === "manual" && v > ind.max) code = "scoreAboveMax";
  if (code === undefined) return true;
  problems.push(factProblem(code, `manualScores.${ind.code}.${role}`, { indicator: ind.code, value: v, max: ind.max }));
  return false;
}

interface RoleValue {
  role: string;
  value: number;
  weight: number;
  s: Scored;
}

/**
 * Combines evaluator roles: each role's value is scored by the method, then the roles that
 * scored are weighted by their scheme weights renormalised to sum to 1. A weight-0 role (self
 * assessment) is recorded but not counted. A weighted role that has not scored leaves the result
 * incomplete, and the others carry the line until it does.
 */
function scoreRoles(ind: EffectiveIndicator, facts: Facts, problems: FactProblem[]): LineOutcome {
  // Plain loops: this runs once per indicator per subject in province-wide jobs.
  const given = own(facts.manualScores, ind.code);
  const capped = own(facts.cappedScores, ind.code);
  const counted: RoleValue[] = [];
  const scores: RoleScore[] = [];
  let missing = "";
  let unweighted = "";
  let cappedRoles = "";
  let totalWeight = 0;
  for (const { role, weight } of ind.roles) {
    const value = given === undefined ? undefined : own(given, role);
    if (value === undefined) {
      if (weight > 0) missing = missing ? `${missing}, ${role}` : role;
      continue;
    }
    if (!checkRoleValue(ind, role, value, problems)) continue;
    const entered = capped === undefined ? undefined : own(capped, role);
    const s = entered === undefined ? scoreValue(ind, value) : cappedScore(ind, value, entered);
    if (entered !== undefined) cappedRoles = cappedRoles ? `${cappedRoles}, ${role}` : role;
    if (weight > 0) {
      counted.push({ role, value, weight, s });
      totalWeight += weight;
    } else {
      unweighted = unweighted ? `${unweighted}, ${role}` : role;
    }
    scores.push({ role, value, weight, points: s.points, counted: weight > 0 });
  }
  // Shares are shown to 6 decimals (0.75, not 0.7499999999999999) but computed exactly.
  for (const r of scores) r.weight = r.counted ? roundHalfAway(r.weight / totalWeight, 6) : 0;
  const notes: MessageRef[] = [];
  if (missing) notes.push(ref("rating.note.roleMissing", { roles: missing }));
  if (unweighted) notes.push(ref("rating.note.roleNotCounted", { roles: unweighted }));
  const input: LineInput = { kind: "roles", scores };
  const complete = missing === "";
  const only = counted.length === 1 ? counted[0] : undefined;
  if (counted.length === 0) return finish(ind, input, { points: 0, rule: "0", reason: ref("rating.reason.notScored") }, notes, complete);
  if (only) return finish(ind, input, { points: only.s.points, reason: only.s.reason, rule: `${only.role}: ${only.s.rule}` }, notes, complete);
  // Weighted lines give no role's reason, so a capped role is named in a note.
  if (cappedRoles) notes.push(ref("rating.note.cappedAtMax", { roles: cappedRoles, max: num(ind.max) }));
  let points = 0;
  let parts = "";
  let sum = "";
  let roles = "";
  for (const r of counted) {
    const share = r.weight / totalWeight;
    points += r.s.points * share;
    parts += `${parts ? "; " : ""}${r.role}: ${r.s.rule}`;
    sum += `${sum ? " + " : ""}${fmt(r.s.points)} * ${fmt(share)}`;
    roles += `${roles ? ", " : ""}${r.role}`;
  }
  const reason = ref("rating.reason.weighted", { roles, points: num(points) });
  return finish(ind, input, { points, rule: `${parts}; ${sum} = ${fmt(points)}`, reason }, notes, complete);
}
