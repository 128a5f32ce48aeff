/**
 * What a calendar recompute's moved due times mean, without I/O (recompute.ts moves them): the
 * audit record each entity gets, and how many fall due at once.
 */
import type { AuditRecord } from "../platform/audit.js";
import type { DueMove } from "./apply.js";

/**
 * The audit records of a recompute's moved due times, one per entity field, named
 * `<entityType>.dueRecomputed` with the old and new time and the changed dates that caused it.
 * Written by the caller after everything else (the audit lock is taken last).
 */
export function dueMoveAudits(moves: readonly DueMove[], dates: { from: string; to: string }): AuditRecord[] {
  return moves.map((m) => ({
    action: `${m.entityType}.dueRecomputed`,
    entityType: m.entityType,
    entityId: m.entityId,
    orgPath: m.orgPath,
    before: { [m.field]: m.from.toISOString() },
    after: { [m.field]: m.to.toISOString(), calendarDates: dates },
  }));
}

/** Moved due times that were still ahead and are now behind `now` (overdue at once). */
export function overdueNow(moves: readonly DueMove[], now: Date): number {
  return moves.filter((m) => m.from.getTime() > now.getTime() && m.to.getTime() <= now.getTime()).length;
}
