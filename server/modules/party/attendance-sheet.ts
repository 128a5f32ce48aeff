import { createHash } from "node:crypto";
import type { MessageRef } from "../../../common/errors.js";
import type { AttendanceStatus } from "../../../common/party.js";

/** One character per roster position in `meetings.attendance`. */
export const ATTENDANCE_CODE: Record<AttendanceStatus, string> = { present: "P", excused: "E", absent: "A" };
const STATUS_OF: Record<string, AttendanceStatus> = { P: "present", E: "excused", A: "absent" };

export interface SheetEntry {
  memberId: string;
  status: AttendanceStatus;
  reason: string | null;
}

/** An attendance sheet in its stored form: sorted roster, one code per position, reasons aligned. */
export interface Sheet {
  memberIds: string[];
  attendance: string;
  excuseReasons: (string | null)[];
  presentCount: number;
  excusedCount: number;
  absentCount: number;
}

export type SheetResult = { ok: true; sheet: Sheet } | { ok: false; fields: Record<string, MessageRef> };

/**
 * Builds the stored sheet from entries in any order: the roster is sorted by member id (the
 * order PostgreSQL sorts uuids in, so SQL-built rosters get the same digest). An excused absence
 * needs a reason; a member may appear only once. Problems are keyed `entries.<index>.<field>`.
 */
export function buildSheet(entries: readonly { memberId: string; status: AttendanceStatus; reason?: string | null | undefined }[]): SheetResult {
  const fields: Record<string, MessageRef> = {};
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.memberId)) fields[`entries.${i}.memberId`] = { key: "meeting.duplicateEntry" };
    seen.add(e.memberId);
    if (e.status === "excused" && !e.reason?.trim()) fields[`entries.${i}.reason`] = { key: "meeting.reasonRequired" };
  });
  if (Object.keys(fields).length) return { ok: false, fields };
  const sorted = [...entries].sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
  const counts = { present: 0, excused: 0, absent: 0 };
  for (const e of sorted) counts[e.status] += 1;
  return {
    ok: true,
    sheet: {
      memberIds: sorted.map((e) => e.memberId),
      attendance: sorted.map((e) => ATTENDANCE_CODE[e.status]).join(""),
      excuseReasons: sorted.map((e) => (e.status === "excused" ? (e.reason ?? "").trim() : null)),
      presentCount: counts.present,
      excusedCount: counts.excused,
      absentCount: counts.absent,
    },
  };
}

/** The entries of a stored sheet, in roster order. */
export function readSheet(memberIds: readonly string[], attendance: string, excuseReasons: readonly (string | null)[] | null): SheetEntry[] {
  return memberIds.map((memberId, i) => ({
    memberId,
    status: STATUS_OF[attendance.charAt(i)] ?? "absent",
    reason: excuseReasons?.[i] ?? null,
  }));
}

/** Identifies a roster by content: sha256 over the sorted ids joined by commas (as the SQL does). */
export function rosterDigest(sortedMemberIds: readonly string[]): string {
  return createHash("sha256").update(sortedMemberIds.join(","), "utf8").digest("hex");
}
