import { eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { meetings } from "../../db/schema/index.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import type { Clock } from "../../platform/clock.js";
import { AppError, fieldError } from "../../platform/errors.js";
import { authorize, can, outermost, scopePaths } from "../../authz/policy.js";
import type { MeetingSummary, MeetingView } from "../../../common/contract/meetings.contract.js";
import type { ComplianceView } from "../../../common/contract/party.contract.js";
import { isIsoDate } from "../../../common/member-rules.js";
import type { AttendanceStatus, MeetingType } from "../../../common/party.js";
import * as orgRepo from "../org/org.repo.js";
import { buildSheet, readSheet } from "./attendance-sheet.js";
import { yearCompliance } from "./compliance.js";
import { loadPartyOrg } from "./party-orgs.service.js";
import * as repo from "./meetings.repo.js";
import { listAttachments } from "./attachments.service.js";
import type { FileStore } from "../../platform/files.js";

export interface MeetingsDeps {
  db: Db;
  clock: Clock;
  /** The business time zone decides "this year" and "today". */
  timeZone: string;
  files: FileStore;
}

export type EntryInput = { memberId: string; status: AttendanceStatus; reason?: string | null | undefined };

function toSummary(m: repo.MeetingRow): MeetingSummary {
  return {
    id: m.id,
    partyOrgId: m.partyOrgId,
    partyOrgName: m.partyOrgName,
    type: m.type,
    heldOn: m.heldOn,
    topic: m.topic,
    recorded: m.rosterId !== null,
    presentCount: m.presentCount,
    excusedCount: m.excusedCount,
    absentCount: m.absentCount,
    attachmentCount: m.attachmentCount,
  };
}

/** A meeting the actor can read, else NOT_FOUND. */
export async function loadMeeting(db: Db, actor: Actor, id: string): Promise<repo.MeetingRow> {
  const m = await repo.findMeeting(db, id);
  if (!m) throw new AppError("NOT_FOUND");
  authorize(actor, "party.read", m);
  return m;
}

async function view(db: Db, actor: Actor, m: repo.MeetingRow): Promise<MeetingView> {
  const entries = m.memberIds && m.attendance ? readSheet(m.memberIds, m.attendance, m.excuseReasons) : [];
  const names = new Map<string, string>();
  if (entries.length) {
    const rows = await queryRows<{ id: string; name: string }>(
      db,
      sql`SELECT id, name FROM members WHERE id IN (${sql.join(entries.map((e) => sql`${e.memberId}::uuid`), sql`, `)})`,
    );
    for (const r of rows) names.set(r.id, r.name);
  }
  const attendance = entries
    .map((e) => ({ memberId: e.memberId, name: names.get(e.memberId) ?? "", status: e.status, reason: e.reason }))
    .sort((a, b) => a.name.localeCompare(b.name, "zh-CN") || (a.memberId < b.memberId ? -1 : 1));
  return {
    ...toSummary(m),
    minutes: m.minutes,
    attendance,
    attachments: await listAttachments(db, m.id),
    abilities: { manage: can(actor, "party.manage", m) },
  };
}

/** Today in the business time zone. */
export function businessToday(clock: Clock, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(clock.now());
}

function checkHeldOn(heldOn: string, today: string): void {
  if (!isIsoDate(heldOn)) throw fieldError("heldOn", "party.badDateValue");
  if (heldOn > today) throw fieldError("heldOn", "meeting.futureDate");
}

/**
 * Validates entries against the organisation: each member must be on its roster now, or on the
 * meeting's recorded sheet (a member transferred away since stays on old sheets).
 */
async function sheetFor(db: Db, partyOrgId: string, orgName: string, entries: readonly EntryInput[], previous: readonly string[]) {
  const built = buildSheet(entries);
  if (!built.ok) throw new AppError("VALIDATION", { fields: built.fields });
  const ids = built.sheet.memberIds;
  const current = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM members WHERE party_org_id = ${partyOrgId} AND id IN (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})`,
  );
  const allowed = new Set([...current.map((r) => r.id), ...previous]);
  const stranger = entries.findIndex((e) => !allowed.has(e.memberId));
  if (stranger >= 0) {
    throw new AppError("VALIDATION", { fields: { [`entries.${stranger}.memberId`]: { key: "meeting.notInRoster", params: { org: orgName } } } });
  }
  return built.sheet;
}

export async function listMeetings(
  deps: MeetingsDeps,
  actor: Actor,
  f: { partyOrgId?: string | undefined; orgUnitId?: string | undefined; year?: number | undefined; type?: MeetingType | undefined; page: number; pageSize: number },
): Promise<{ items: MeetingSummary[]; total: number }> {
  if (f.partyOrgId) await loadPartyOrg(deps.db, actor, f.partyOrgId);
  let underPath: string | undefined;
  if (f.orgUnitId) {
    const unit = await orgRepo.findById(deps.db, f.orgUnitId);
    if (!unit) throw new AppError("NOT_FOUND");
    authorize(actor, "party.read", unit);
    underPath = unit.path;
  }
  const { rows, total } = await repo.listMeetings(deps.db, {
    scopePaths: outermost(scopePaths(actor, "party.read")),
    page: f.page,
    pageSize: f.pageSize,
    ...(f.partyOrgId ? { partyOrgId: f.partyOrgId } : {}),
    ...(underPath ? { underPath } : {}),
    ...(f.year ? { year: f.year } : {}),
    ...(f.type ? { type: f.type } : {}),
  });
  return { items: rows.map(toSummary), total };
}

export async function getMeeting(deps: MeetingsDeps, actor: Actor, id: string): Promise<MeetingView> {
  return view(deps.db, actor, await loadMeeting(deps.db, actor, id));
}

function auditSheet(entries: readonly EntryInput[]) {
  const count = (s: AttendanceStatus) => entries.filter((e) => e.status === s).length;
  return { present: count("present"), excused: count("excused"), absent: count("absent") };
}

/** Records a meeting, with its attendance sheet when given, in one audited transaction. */
export async function createMeeting(
  deps: MeetingsDeps,
  actor: Actor,
  input: { partyOrgId: string; type: MeetingType; heldOn: string; topic: string; minutes: string; attendance?: EntryInput[] | undefined },
): Promise<MeetingView> {
  checkHeldOn(input.heldOn, businessToday(deps.clock, deps.timeZone));
  return deps.db.transaction(async (tx) => {
    const org = await loadPartyOrg(tx, actor, input.partyOrgId, "party.manage");
    const sheet = input.attendance?.length ? await sheetFor(tx, org.id, org.name, input.attendance, []) : null;
    const now = deps.clock.now();
    const [row] = await tx
      .insert(meetings)
      .values({
        partyOrgId: org.id,
        type: input.type,
        heldOn: input.heldOn,
        topic: input.topic,
        minutes: input.minutes,
        createdBy: actor.kind === "user" ? actor.userId : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: meetings.id });
    if (!row) throw new AppError("INTERNAL");
    if (sheet) await repo.writeSheet(tx, row.id, sheet, now);
    await writeAudit(tx, actor, deps.clock, [
      {
        action: "meeting.create",
        entityType: "meeting",
        entityId: row.id,
        orgPath: org.path,
        after: { partyOrgId: org.id, type: input.type, heldOn: input.heldOn, topic: input.topic, attendance: input.attendance ? auditSheet(input.attendance) : null },
      },
    ]);
    const created = await repo.findMeeting(tx, row.id);
    if (!created) throw new AppError("INTERNAL");
    return view(tx, actor, created);
  });
}

export async function updateMeeting(
  deps: MeetingsDeps,
  actor: Actor,
  id: string,
  patch: { type?: MeetingType | undefined; heldOn?: string | undefined; topic?: string | undefined; minutes?: string | undefined },
): Promise<MeetingView> {
  if (patch.heldOn) checkHeldOn(patch.heldOn, businessToday(deps.clock, deps.timeZone));
  return deps.db.transaction(async (tx) => {
    const m = await loadMeeting(tx, actor, id);
    authorize(actor, "party.manage", m);
    const before = { type: m.type, heldOn: m.heldOn, topic: m.topic, minutes: m.minutes };
    const after = { type: patch.type ?? m.type, heldOn: patch.heldOn ?? m.heldOn, topic: patch.topic ?? m.topic, minutes: patch.minutes ?? m.minutes };
    await tx.update(meetings).set({ ...after, updatedAt: deps.clock.now() }).where(eq(meetings.id, m.id));
    await writeAudit(tx, actor, deps.clock, [{ action: "meeting.update", entityType: "meeting", entityId: m.id, orgPath: m.path, before, after }]);
    const updated = await repo.findMeeting(tx, m.id);
    if (!updated) throw new AppError("INTERNAL");
    return view(tx, actor, updated);
  });
}

/** Replaces the attendance sheet; the audit keeps the previous and new sheets. */
export async function setAttendance(deps: MeetingsDeps, actor: Actor, id: string, entries: EntryInput[]): Promise<MeetingView> {
  return deps.db.transaction(async (tx) => {
    const m = await loadMeeting(tx, actor, id);
    authorize(actor, "party.manage", m);
    const sheet = await sheetFor(tx, m.partyOrgId, m.partyOrgName, entries, m.memberIds ?? []);
    const before = m.memberIds && m.attendance ? readSheet(m.memberIds, m.attendance, m.excuseReasons) : [];
    await repo.writeSheet(tx, m.id, sheet, deps.clock.now());
    await writeAudit(tx, actor, deps.clock, [
      {
        action: "meeting.attendance",
        entityType: "meeting",
        entityId: m.id,
        orgPath: m.path,
        before: before.map((e) => [e.memberId, e.status, e.reason]),
        after: readSheet(sheet.memberIds, sheet.attendance, sheet.excuseReasons).map((e) => [e.memberId, e.status, e.reason]),
      },
    ]);
    const updated = await repo.findMeeting(tx, m.id);
    if (!updated) throw new AppError("INTERNAL");
    return view(tx, actor, updated);
  });
}

/** Deletes a meeting recorded by mistake; the audit record keeps what it held. */
export async function deleteMeeting(deps: MeetingsDeps, actor: Actor, id: string): Promise<{ ok: true }> {
  const keys = await deps.db.transaction(async (tx) => {
    const m = await loadMeeting(tx, actor, id);
    authorize(actor, "party.manage", m);
    const attachments = await queryRows<{ storageKey: string; fileName: string }>(
      tx,
      sql`DELETE FROM meeting_attachments WHERE meeting_id = ${m.id} RETURNING storage_key AS "storageKey", file_name AS "fileName"`,
    );
    await tx.delete(meetings).where(eq(meetings.id, m.id));
    await writeAudit(tx, actor, deps.clock, [
      {
        action: "meeting.delete",
        entityType: "meeting",
        entityId: m.id,
        orgPath: m.path,
        before: {
          type: m.type,
          heldOn: m.heldOn,
          topic: m.topic,
          minutes: m.minutes,
          attendance: m.memberIds && m.attendance ? readSheet(m.memberIds, m.attendance, m.excuseReasons).map((e) => [e.memberId, e.status, e.reason]) : null,
          attachments: attachments.map((a) => a.fileName),
        },
      },
    ]);
    return attachments.map((a) => a.storageKey);
  });
  // Files go after the commit: a failed delete leaves an orphan file, never a dangling row.
  for (const k of keys) await deps.files.remove(k);
  return { ok: true };
}

/** Held against expected for one organisation and year (default: this year). */
export async function getCompliance(deps: MeetingsDeps, actor: Actor, partyOrgId: string, year?: number): Promise<ComplianceView> {
  const org = await loadPartyOrg(deps.db, actor, partyOrgId);
  const today = businessToday(deps.clock, deps.timeZone);
  const y = year ?? Number(today.slice(0, 4));
  const c = yearCompliance(org.kind, y, await repo.heldIn(deps.db, org.id, y), today);
  return { partyOrgId: org.id, ...c };
}
