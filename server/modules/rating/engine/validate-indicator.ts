import { resolveNumbers, type ResolvedNumbers } from "./effective.js";
import { parseFormula } from "./formula-parse.js";
import { schemeProblem } from "./problems.js";
import type { Indicator, IndicatorOverride } from "./schema.js";
import type { SchemeProblem } from "./types.js";

/** What an indicator check needs to know about the rest of the scheme. */
export interface IndicatorContext {
  weights: ReadonlyMap<string, number>;
  categories: ReadonlySet<string>;
}

/** Override fields that only make sense for some methods. */
const FIELD_METHODS: Record<"perEvent" | "cap" | "target", Indicator["method"]> = {
  perEvent: "perEvent",
  cap: "perEvent",
  target: "ratio",
};

/** Checks one indicator and its category overrides; `path` is `dimensions.i.indicators.j`. */
export function validateIndicator(ind: Indicator, path: string, ctx: IndicatorContext): SchemeProblem[] {
  const out: SchemeProblem[] = [];
  checkSource(ind, path, ctx, out);
  // The base check reads the cap as written: resolveNumbers would already have lowered it to the max.
  const base = resolveNumbers(ind, undefined);
  checkNumbers(ind, ind.method === "perEvent" ? { ...base, cap: ind.cap ?? ind.maxPoints } : base, path, out);
  if (ind.method === "bands") checkBands(ind, path, out);
  if (ind.method === "formula") checkFormula(ind, path, out);
  for (const [category, override] of Object.entries(ind.categoryOverrides ?? {})) {
    checkOverride(ind, category, override, `${path}.categoryOverrides.${category}`, ctx, out);
  }
  return out;
}

function checkSource(ind: Indicator, path: string, ctx: IndicatorContext, out: SchemeProblem[]): void {
  if (ind.method === "manual" && ind.source === "auto") out.push(schemeProblem("manualNeedsManualSource", `${path}.source`));
  if (ind.method === "formula" && ind.source === "manual") out.push(schemeProblem("formulaNeedsAutoSource", `${path}.source`));
  if (ind.source === "auto" && ind.method !== "formula" && ind.metric === undefined) {
    out.push(schemeProblem("missingMetric", `${path}.metric`, { indicator: ind.code }));
  }
  const roles = ind.roles ?? [];
  roles.forEach((role, k) => {
    if (!ctx.weights.has(role)) out.push(schemeProblem("unknownRole", `${path}.roles.${k}`, { role }));
    if (roles.indexOf(role) !== k) out.push(schemeProblem("duplicateCode", `${path}.roles.${k}`, { code: role }));
  });
  // perEvent counts come from event records, not from evaluators, so they need no roles.
  const scoredByRoles = ind.source === "manual" && ind.method !== "perEvent";
  if (!scoredByRoles) return;
  if (roles.length === 0) {
    out.push(schemeProblem("noRoles", `${path}.roles`, { indicator: ind.code }));
    return;
  }
  const weight = roles.reduce((sum, r) => sum + (ctx.weights.get(r) ?? 0), 0);
  if (roles.every((r) => ctx.weights.has(r)) && weight <= 0) {
    out.push(schemeProblem("noWeightedRole", `${path}.roles`, { indicator: ind.code }));
  }
}

function checkNumbers(ind: Indicator, n: ResolvedNumbers, path: string, out: SchemeProblem[]): void {
  if (ind.method === "perEvent") {
    const capPath = ind.cap !== undefined ? `${path}.cap` : `${path}.maxPoints`;
    if (n.cap < n.perEvent) out.push(schemeProblem("capBelowPerEvent", capPath, { cap: n.cap, perEvent: n.perEvent }));
    if (n.cap > n.max) out.push(schemeProblem("capAboveMax", capPath, { cap: n.cap, max: n.max }));
  }
  if (ind.method === "ratio" && !(n.target > 0 && Number.isFinite(n.target))) {
    out.push(schemeProblem("targetNotPositive", `${path}.target`, { target: n.target }));
  }
  if (ind.method === "bands") {
    ind.bands.forEach((b, k) => {
      if (b.points > n.max) out.push(schemeProblem("bandPointsAboveMax", `${path}.bands.${k}.points`, { points: b.points, max: n.max }));
    });
  }
}

function checkBands(ind: Extract<Indicator, { method: "bands" }>, path: string, out: SchemeProblem[]): void {
  ind.bands.forEach((b, k) => {
    const prev = ind.bands[k - 1];
    if (!prev) return;
    if (b.min >= prev.min) out.push(schemeProblem("bandsNotDescending", `${path}.bands.${k}.min`, { min: b.min, previous: prev.min }));
    // A higher threshold paying fewer points would make the score fall as performance rises.
    if (b.points > prev.points) {
      out.push(schemeProblem("bandPointsNotDescending", `${path}.bands.${k}.points`, { points: b.points, previous: prev.points }));
    }
  });
}

function checkFormula(ind: Extract<Indicator, { method: "formula" }>, path: string, out: SchemeProblem[]): void {
  const parsed = parseFormula(ind.expression);
  if (!parsed.ok) {
    const text = Object.entries(parsed.error.params).filter(([k]) => k !== "pos").map(([, v]) => v).join(" ");
    out.push(schemeProblem("formulaSyntax", `${path}.expression`, { pos: parsed.error.pos, error: parsed.error.key, detail: text }));
    return;
  }
  const declared = new Set(ind.inputs);
  const unknown = parsed.identifiers.filter((name) => !declared.has(name));
  if (unknown.length > 0) {
    out.push(schemeProblem("formulaUnknownInput", `${path}.expression`, { names: unknown.join(", ") }));
  }
}

function checkOverride(
  ind: Indicator,
  category: string,
  override: IndicatorOverride,
  path: string,
  ctx: IndicatorContext,
  out: SchemeProblem[],
): void {
  if (!ctx.categories.has(category)) out.push(schemeProblem("unknownCategory", path, { category }));
  for (const field of ["perEvent", "cap", "target"] as const) {
    if (override[field] !== undefined && FIELD_METHODS[field] !== ind.method) {
      out.push(schemeProblem("overrideNotApplicable", `${path}.${field}`, { field, method: ind.method }));
    }
  }
  const n = resolveNumbers(ind, override);
  if (!n.enabled) return;
  // Only what the override itself causes is reported here: the base indicator's own problems
  // are already on the list, under the base fields.
  const set = (field: keyof IndicatorOverride): boolean => override[field] !== undefined;
  if (ind.method === "perEvent" && n.cap < n.perEvent) {
    const field = (["cap", "perEvent", "maxPoints"] as const).find(set);
    if (field) out.push(schemeProblem("capBelowPerEvent", `${path}.${field}`, { cap: n.cap, perEvent: n.perEvent }));
  }
  if (ind.method === "perEvent" && n.cap > n.max && set("cap")) {
    out.push(schemeProblem("capAboveMax", `${path}.cap`, { cap: n.cap, max: n.max }));
  }
  if (ind.method === "ratio" && !(n.target > 0 && Number.isFinite(n.target)) && set("target")) {
    out.push(schemeProblem("targetNotPositive", `${path}.target`, { target: n.target }));
  }
  if (ind.method === "bands" && set("maxPoints")) {
    const top = Math.max(...ind.bands.map((b) => b.points));
    if (top > n.max) out.push(schemeProblem("bandPointsAboveMax", `${path}.maxPoints`, { points: top, max: n.max }));
  }
}
