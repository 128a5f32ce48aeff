import type { FactProblem, FactProblemCode, SchemeProblem, SchemeProblemCode } from "./types.js";

type Params = Record<string, string | number>;

/** A validateScheme problem about the field at `path`, with its message key `rating.problem.<code>`. */
export function schemeProblem(code: SchemeProblemCode, path: string, params?: Params): SchemeProblem {
  return params ? { code, path, key: `rating.problem.${code}`, params } : { code, path, key: `rating.problem.${code}` };
}

/** A problem with a subject's facts at `path`, with its message key `rating.fact.<code>`. */
export function factProblem(code: FactProblemCode, path: string, params?: Params): FactProblem {
  return params ? { code, path, key: `rating.fact.${code}`, params } : { code, path, key: `rating.fact.${code}` };
}

/** Equal to the cent: scheme points are decimal amounts typed by people. */
export function sameCents(a: number, b: number): boolean {
  return Math.abs(a - b) < 0.005;
}
