/** Pure rules of the party screens (no React, no I/O), unit-tested beside. */
import type { AttendanceStatus } from "../../../../common/party.js";

export interface GridEntry {
  memberId: string;
  name: string;
  status: AttendanceStatus;
  reason: string | null;
}

/** Tapping cycles present → excused (asks why) → absent → present. */
export const NEXT_STATUS: Record<AttendanceStatus, AttendanceStatus> = { present: "excused", excused: "absent", absent: "present" };

/**
 * The grid's entries: the recorded sheet first (in its order), then current members not on it yet,
 * absent until tapped. Members recorded but since transferred out stay, so history is not rewritten.
 */
export function gridEntries(
  recorded: readonly { memberId: string; name: string; status: AttendanceStatus; reason: string | null }[],
  roster: readonly { id: string; name: string }[],
): GridEntry[] {
  const seen = new Set(recorded.map((a) => a.memberId));
  return [
    ...recorded.map((a) => ({ memberId: a.memberId, name: a.name, status: a.status, reason: a.reason })),
    ...roster.filter((r) => !seen.has(r.id)).map((r): GridEntry => ({ memberId: r.id, name: r.name, status: "absent", reason: null })),
  ];
}

/** The sheet the API takes: a reason only where excused. */
export function attendanceSheet(entries: readonly GridEntry[]): { memberId: string; status: AttendanceStatus; reason: string | null }[] {
  return entries.map((e) => ({ memberId: e.memberId, status: e.status, reason: e.status === "excused" ? e.reason : null }));
}

/** Progress bar percent of an import job: reading is the first third, checking the second, writing the last. */
export function importPercent(job: { status: string; phase: string; done: number; total: number | null }): number {
  if (job.status !== "running") return 100;
  if (!job.total) return job.phase === "reading" ? 5 : 0;
  const share = Math.min(1, job.done / job.total);
  const base = job.phase === "checking" ? 33 : job.phase === "writing" ? 66 : 0;
  return Math.round(base + share * 33);
}
