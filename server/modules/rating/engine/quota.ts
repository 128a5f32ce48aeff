import { gradeOrder, worseGrade } from "./grading.js";
import type { Grading } from "./schema.js";
import type { MessageRef, ScoreResult } from "./types.js";

export type RankQuotaGrading = Extract<Grading, { model: "rankQuota" }>;

/** One computed subject of the group being graded. */
export interface QuotaEntry {
  subjectId: string;
  result: Pick<ScoreResult, "total" | "disqualified" | "gradeCap">;
  /** Outside the grading (e.g. 预备党员 take part in 评议 but get no 等次): no grade, not counted. */
  excluded?: boolean;
}

export interface QuotaGrade {
  subjectId: string;
  /** Competition rank among the graded ("1224"): equal totals share a rank. null when not graded. */
  rank: number | null;
  grade: string | null;
  reason: MessageRef;
}

interface Ranked {
  entry: QuotaEntry;
  total: number;
  rank: number;
  grade: string | null;
  reason: MessageRef | null;
}

/**
 * Grades a whole group by rank under quotas (e.g. 优秀 at most 1/3). The group counted for the
 * quotas is the graded subjects: excluded and disqualified ones are left out. Each quota grade
 * gets floor(maxShare × group) places, filled from the top.
 *
 * Ties: subjects with equal totals are never separated. A tie that does not fit entirely in the
 * places left gets none of them, so a quota is never exceeded and no subject loses to an equal
 * one by an arbitrary key; the places stay empty and everyone from that tie down continues
 * with the next grade. A subject whose capGrade veto forbids a grade is skipped and takes no
 * place. Subject ids only order the output of equal totals, never the grades.
 */
export function gradeByQuota(entries: readonly QuotaEntry[], grading: RankQuotaGrading): QuotaGrade[] {
  const order = gradeOrder(grading);
  const graded: Ranked[] = entries
    .filter((e) => !e.excluded && !e.result.disqualified)
    .map((entry) => ({ entry, total: entry.result.total, rank: 0, grade: null, reason: null }));
  graded.sort((a, b) => b.total - a.total || (a.entry.subjectId < b.entry.subjectId ? -1 : a.entry.subjectId > b.entry.subjectId ? 1 : 0));
  graded.forEach((r, i) => {
    const prev = graded[i - 1];
    r.rank = prev && prev.total === r.total ? prev.rank : i + 1;
  });
  const n = graded.length;

  for (const quota of grading.quotas) {
    // The epsilon keeps 1/3 × 9 at 3 places despite binary floating point.
    const places = Math.floor(quota.maxShare * n + 1e-9);
    const level = order.indexOf(quota.grade);
    const eligible = graded.filter(
      (r) =>
        r.grade === null &&
        (r.entry.result.gradeCap === null || order.indexOf(r.entry.result.gradeCap) <= level) &&
        (quota.minScore === undefined || r.total >= quota.minScore),
    );
    let taken = 0;
    for (let i = 0; i < eligible.length; ) {
      const total = eligible[i]?.total;
      let j = i;
      while (j < eligible.length && eligible[j]?.total === total) j++;
      const tie = eligible.slice(i, j);
      if (taken + tie.length > places) {
        for (const r of tie) r.reason ??= { key: "rating.quota.tiedOut", params: { grade: quota.grade, places } };
        break;
      }
      for (const r of tie) {
        r.grade = quota.grade;
        r.reason = { key: "rating.quota.withinQuota", params: { grade: quota.grade, rank: r.rank, places } };
      }
      taken += tie.length;
      i = j;
    }
  }

  for (const r of graded) {
    if (r.grade !== null) continue;
    const fail = grading.failBelow && r.total < grading.failBelow.minScore ? grading.failBelow : undefined;
    const base = fail ? fail.grade : grading.restGrade;
    const capped = worseGrade(order, base, r.entry.result.gradeCap);
    r.grade = capped;
    if (capped !== base) r.reason = { key: "rating.quota.capped", params: { grade: capped } };
    else if (fail) r.reason = { key: "rating.quota.belowMin", params: { grade: fail.grade, minScore: fail.minScore } };
    else r.reason ??= { key: "rating.quota.rest", params: { grade: base } };
  }

  const byId = new Map(graded.map((r) => [r.entry, r] as const));
  return entries.map((entry) => {
    const r = byId.get(entry);
    if (r) return { subjectId: entry.subjectId, rank: r.rank, grade: r.grade, reason: r.reason ?? { key: "rating.quota.rest", params: { grade: r.grade ?? "" } } };
    const key = entry.excluded ? "rating.quota.excluded" : "rating.quota.disqualified";
    return { subjectId: entry.subjectId, rank: null, grade: null, reason: { key } };
  });
}
