import { hash } from "node:crypto";
import type { ResultInsert } from "./results.repo.js";

/**
 * What a result says, hashed: path, category, total, grade, stars, the flags and the stored
 * breakdown (facts and points) — but not the breakdown's `asOf`, which every job stamps anew. Two
 * results with the same digest explain the same numbers, so a re-rating keeps the stored row (its
 * own `asOf` still reproduces its points: the engine is pure). The scheme version needs no place
 * in it: results are keyed by the scheme row, which is one version.
 */
export function resultDigest(r: ResultInsert): string {
  const b = r.breakdown;
  let said: unknown = b;
  if (b !== null && typeof b === "object" && !Array.isArray(b) && "asOf" in b) {
    const { asOf: _stamped, ...rest } = b as Record<string, unknown>;
    said = rest;
  }
  const body = JSON.stringify([r.path, r.category, r.total, r.grade, r.stars, r.complete, r.provisional, said]);
  // One-shot hash(): a Hash object per row cost ~15 % of planning a 35,000-row write.
  return hash("sha1", body, "base64");
}

export interface StoredDigest {
  subjectId: string;
  digest: string | null;
}

/** A stored result as writeResults reads it: the subject id (36), then its digest (none: a row from before digests). */
export function parseDigestLine(line: string): StoredDigest {
  const digest = line.slice(36);
  return { subjectId: line.slice(0, 36), digest: digest === "" ? null : digest };
}

export interface ResultWritePlan {
  /** Rows new to the scheme or whose digest changed, with their digest. */
  write: (ResultInsert & { digest: string })[];
  /** Of those, how many replace a stored row (each leaves a dead row version behind). */
  replaced: number;
  /** Stored subjects of the scope that this job no longer rates: their results go. */
  remove: string[];
  unchanged: number;
}

/**
 * Compares a job's rows with what is stored for its scope. `stored` is every stored result of
 * the scheme under the scope (plus any stored row of a rated subject); `keep` the subjects still in
 * the scope whose stored result stays although no row is written for them (the engine refused
 * their facts this time: the last good result is kept, as before). With `pruneScope` false (one
 * village rated at its approval) nothing is removed.
 */
export function planResultWrite(rows: readonly ResultInsert[], stored: readonly StoredDigest[], s: { pruneScope: boolean; keep?: ReadonlySet<string> }): ResultWritePlan {
  const before = new Map(stored.map((r) => [r.subjectId, r.digest]));
  const plan: ResultWritePlan = { write: [], replaced: 0, remove: [], unchanged: 0 };
  const rated = new Set<string>();
  for (const r of rows) {
    rated.add(r.subjectId);
    const digest = resultDigest(r);
    const old = before.get(r.subjectId);
    if (old === digest) {
      plan.unchanged++;
      continue;
    }
    if (old !== undefined) plan.replaced++;
    plan.write.push({ ...r, digest });
  }
  if (s.pruneScope) for (const r of stored) if (!rated.has(r.subjectId) && !s.keep?.has(r.subjectId)) plan.remove.push(r.subjectId);
  return plan;
}
