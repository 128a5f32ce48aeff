/**
 * The scheme body as the editor sees it. The engine's zod schema lives on the server (the web
 * never imports server/), and the server validates every save; these types only describe the
 * JSON the API returns so the editor can walk it. Unknown fields are kept as they are.
 */
export const INDICATOR_METHODS = ["manual", "perEvent", "ratio", "boolean", "bands", "formula"] as const;
export type IndicatorMethod = (typeof INDICATOR_METHODS)[number];
export const OVERRIDE_FIELDS = ["maxPoints", "target", "perEvent", "cap"] as const;
export type OverrideField = (typeof OVERRIDE_FIELDS)[number];

export interface IndicatorOverride {
  enabled?: boolean;
  maxPoints?: number;
  target?: number;
  perEvent?: number;
  cap?: number;
}

export interface SchemeIndicator {
  code: string;
  name: string;
  method: IndicatorMethod;
  maxPoints: number;
  negative?: boolean;
  evidence: "none" | "optional" | "required";
  source: "manual" | "auto";
  metric?: string;
  roles?: string[];
  perEvent?: number;
  cap?: number;
  target?: number;
  bands?: { min: number; points: number }[];
  expression?: string;
  inputs?: string[];
  categoryOverrides?: Record<string, IndicatorOverride>;
}

export interface SchemeDimension {
  code: string;
  name: string;
  maxPoints: number;
  indicators: SchemeIndicator[];
}

export type SchemeVeto = { code: string; text: string; effect: "zero" | "disqualify" } | { code: string; text: string; effect: "capGrade"; capGrade: string };

export type SchemeGrading =
  | { model: "bands"; bands: { grade: string; minScore: number }[]; belowGrade: string }
  | { model: "perDimensionStars"; passShare: number; starGrades: string[] }
  | { model: "rankQuota"; quotas: { grade: string; maxShare: number; minScore?: number }[]; restGrade: string; failBelow?: { grade: string; minScore: number } };

export interface SchemeBody {
  code: string;
  name?: string;
  programme: string;
  year: number;
  totalPoints?: number;
  publicityDays?: number;
  categories: { code: string; name: string; rule?: string; minAge?: number }[];
  dimensions: SchemeDimension[];
  vetoes: SchemeVeto[];
  grading: SchemeGrading;
  evaluators: { role: string; weight: number }[];
}

/** The body as the API sent it, read as a scheme (the server only stores bodies its engine accepted or drafts it validated). */
export function asSchemeBody(body: Record<string, unknown>): SchemeBody {
  const b = body as Partial<SchemeBody>;
  return {
    ...(body as object),
    code: String(b.code ?? ""),
    programme: String(b.programme ?? ""),
    year: Number(b.year ?? 0),
    categories: Array.isArray(b.categories) ? b.categories : [],
    dimensions: Array.isArray(b.dimensions) ? b.dimensions : [],
    vetoes: Array.isArray(b.vetoes) ? b.vetoes : [],
    grading: b.grading ?? { model: "bands", bands: [], belowGrade: "" },
    evaluators: Array.isArray(b.evaluators) ? b.evaluators : [],
  } as SchemeBody;
}

/** The field path the server names in a validation error for this indicator (`body.dimensions.1.indicators.0`). */
export const indicatorPath = (d: number, i: number): string => `body.dimensions.${d}.indicators.${i}`;

/** The server's field errors under a path prefix, keyed by the rest of the path (`cap`, `categoryOverrides.island.cap`). */
export function errorsUnder(fields: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (k === prefix) out[""] = v;
    else if (k.startsWith(`${prefix}.`)) out[k.slice(prefix.length + 1)] = v;
  }
  return out;
}

/** Star count of a grade name like 五星 / 3星, for colouring; null when it is not a star grade. */
export function starsOf(grade: string | null | undefined): number | null {
  if (!grade) return null;
  const digits = "零一二三四五";
  const m = /^([0-5一二三四五])星/.exec(grade);
  if (!m?.[1]) return grade.startsWith("无星") ? 0 : null;
  const d = m[1];
  return /\d/.test(d) ? Number(d) : digits.indexOf(d);
}

/** Rebuilds an indicator for another method: the method's own fields get defaults, the old method's are dropped (the server's schema is strict). */
export function withMethod(ind: SchemeIndicator, method: IndicatorMethod): SchemeIndicator {
  const { perEvent: _p, cap: _c, target: _t, bands: _b, expression: _e, inputs: _i, ...base } = ind;
  void [_p, _c, _t, _b, _e, _i];
  switch (method) {
    case "perEvent":
      return { ...base, method, perEvent: ind.perEvent ?? 1, cap: ind.cap ?? ind.maxPoints };
    case "ratio":
      return { ...base, method, target: ind.target ?? 1 };
    case "bands":
      return { ...base, method, bands: ind.bands ?? [{ min: 1, points: ind.maxPoints }] };
    case "formula":
      return { ...base, method, source: "auto", expression: ind.expression ?? "0", inputs: ind.inputs ?? [] };
    default:
      return { ...base, method };
  }
}

/** Switching the source keeps the schema's pairing: `auto` reads a metric, `manual` names the roles that score it. */
export function withSource(ind: SchemeIndicator, source: "manual" | "auto"): SchemeIndicator {
  const { metric: _m, roles: _r, ...base } = ind;
  void [_m, _r];
  return source === "auto" ? { ...base, source, metric: ind.metric ?? "" } : { ...base, source, roles: ind.roles ?? ["town"] };
}
