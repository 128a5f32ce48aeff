import type { Indicator, Scheme } from "../engine/index.js";

/** Formula text for a number: at most 4 decimals, no exponent. */
const n = (x: number): string => String(Math.round(x * 10_000) / 10_000);

/**
 * An automatic indicator over one appeals rate, as a formula that gives full points to a village
 * no resident appealed to in the year (无诉求不扣分): the rate is absent there, and scoring it as
 * 0 would punish quiet villages. The points rule for villages with appeals is the default's
 * (ratio → linear up to the target, bands → the same steps). The base is `appeals.count`, or
 * `appeals.rated` for the satisfaction rate (appeals that nobody rated have no satisfaction).
 */
export function noAppealsNoDeduction(ind: Indicator): Indicator {
  if (ind.source !== "auto" || !ind.metric?.startsWith("appeals.") || (ind.method !== "ratio" && ind.method !== "bands")) return ind;
  const rate = ind.metric;
  const base = rate === "appeals.satisfactionRate" ? "appeals.rated" : "appeals.count";
  const scored =
    ind.method === "ratio"
      ? `clamp(${rate} / ${n(ind.target)} * ${n(ind.maxPoints)}, 0, ${n(ind.maxPoints)})`
      : ind.bands.reduceRight((otherwise, b) => `if(${rate} >= ${n(b.min)}, ${n(Math.min(b.points, ind.maxPoints))}, ${otherwise})`, "0");
  const { metric: _m, ...rest } = ind;
  void _m;
  const common = { code: rest.code, name: rest.name, maxPoints: rest.maxPoints, evidence: rest.evidence, source: "auto" as const };
  const extra = rest.categoryOverrides ? { categoryOverrides: rest.categoryOverrides } : {};
  return { ...common, ...extra, method: "formula", expression: `if(${base} > 0, ${scored}, ${n(ind.maxPoints)})`, inputs: [base, rate] };
}

/**
 * The demo's fortress scheme for a year: the default with every automatic indicator whose metric
 * has no data in the demo for the year (tasks.* until that module lands) scored by the town
 * instead, the way a city would run the first year before the data exists in the platform. The
 * measured value is typed by the town (a rate), and the method stays, so the points rule is the
 * default's. A formula over such inputs becomes bands over the same rate. Indicators over the
 * appeals rates, which the demo appeals feed, stay automatic without deducting from villages
 * that had no appeals (noAppealsNoDeduction).
 */
export function demoFortressScheme(base: Scheme, year: number, published: ReadonlySet<string>): Scheme {
  const scheme: Scheme = structuredClone({ ...base, year, status: "draft" });
  for (const d of scheme.dimensions) {
    d.indicators = d.indicators.map((ind): Indicator => {
      if (ind.source !== "auto") return ind;
      const inputs = ind.method === "formula" ? ind.inputs : ind.metric ? [ind.metric] : [];
      if (inputs.every((m) => published.has(m))) return noAppealsNoDeduction(ind);
      const { metric: _metric, ...rest } = ind;
      void _metric;
      if (rest.method === "formula") {
        const { expression: _e, inputs: _i, ...plain } = rest;
        void _e;
        void _i;
        return { ...plain, method: "bands", bands: [{ min: 1, points: plain.maxPoints }, { min: 0.9, points: plain.maxPoints * 0.75 }, { min: 0.8, points: plain.maxPoints / 2 }, { min: 0.7, points: plain.maxPoints / 4 }], source: "manual", roles: ["town"] };
      }
      return { ...rest, source: "manual", roles: ["town"] };
    });
  }
  return scheme;
}

/** A deterministic score for a manual indicator given a village's quality in [0, 1] and noise in [0, 1]. */
export function demoValue(ind: Indicator, quality: number, noise: number): number {
  const q = Math.min(1, Math.max(0, quality * 0.8 + noise * 0.2));
  switch (ind.method) {
    case "manual":
      return ind.negative ? (q < 0.25 ? Math.round(ind.maxPoints * (0.25 - q) * 4) : 0) : Math.round(ind.maxPoints * q * 2) / 2;
    case "boolean":
      return q > 0.3 ? 1 : 0;
    case "ratio":
      return Math.round(ind.target * (0.4 + q * 0.7) * 1000) / 1000;
    case "bands": {
      const top = ind.bands[0]?.min ?? 1;
      return Math.round(top * (0.5 + q * 0.55) * 1000) / 1000;
    }
    case "perEvent":
      return Math.round(q * 10);
    case "formula":
      return 0;
    default: {
      const never: never = ind;
      return never;
    }
  }
}
