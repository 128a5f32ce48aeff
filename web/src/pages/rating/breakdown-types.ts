/** The engine's ScoreResult as the API returns it (the contract types it `unknown`: the engine owns it). */
export interface MessageRefJson {
  key: string;
  params?: Record<string, string | number>;
}

export type LineInputJson =
  | { kind: "metric"; metric: string; value: number | null }
  | { kind: "count"; value: number | null }
  | { kind: "roles"; scores: { role: string; value: number; weight: number; points: number; counted: boolean }[] }
  | { kind: "formula"; values: Record<string, number | null> };

export interface BreakdownLineJson {
  dimension: string;
  indicator: string;
  method: string;
  negative: boolean;
  input: LineInputJson;
  rule: string;
  points: number;
  max: number;
  reason: MessageRefJson;
  notes: MessageRefJson[];
}

export interface ScoreResultJson {
  total: number;
  maxTotal: number;
  rawTotal: number;
  rawMax: number;
  grade: string | null;
  gradeCap: string | null;
  disqualified: boolean;
  complete: boolean;
  provisional: boolean;
  categoryCode: string | null;
  dimensions: { code: string; points: number; max: number; star?: boolean }[];
  breakdown: BreakdownLineJson[];
  excluded: string[];
  vetoes: { code: string; text: string; effect: string; capGrade?: string }[];
  notes: MessageRefJson[];
}

/** Reads a result the server stored or previewed; null when it is not one. */
export function asScoreResult(v: unknown): ScoreResultJson | null {
  if (!v || typeof v !== "object") return null;
  const r = v as Partial<ScoreResultJson>;
  if (typeof r.total !== "number" || !Array.isArray(r.breakdown)) return null;
  return { dimensions: [], excluded: [], vetoes: [], notes: [], ...r } as ScoreResultJson;
}

/** What the server resolved for one line in the reader's language. */
export interface LineExplanation {
  name: string;
  reason: string;
  notes: string[];
  metricLabel: string | null;
}
