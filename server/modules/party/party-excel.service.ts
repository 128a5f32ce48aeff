import type { Db } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import type { Clock } from "../../platform/clock.js";
import { AppError, fieldError } from "../../platform/errors.js";
import { authorize, outermost, scopePaths } from "../../authz/policy.js";
import { XLSX_CONTENT_TYPE, type FileDownload } from "../../../common/contract/endpoint.js";
import type { MeetingView } from "../../../common/contract/meetings.contract.js";
import type { MessageRef } from "../../../common/errors.js";
import { translate } from "../../../common/i18n/index.js";
import type { Upload } from "./attachments.service.js";
import { memberCipher } from "./member-pii.js";
import { allMembers, rosterOf } from "./members.repo.js";
import { listPartyOrgs } from "./party-orgs.repo.js";
import { loadPartyOrg } from "./party-orgs.service.js";
import { loadMeeting, setAttendance, type MeetingsDeps } from "./meetings.service.js";
import { readSheet } from "./attendance-sheet.js";
import * as orgRepo from "../org/org.repo.js";
import { rosterTemplate } from "./excel/roster-sheet.js";
import { streamRoster } from "./excel/roster-export.js";
import { attendanceTemplate, readAttendanceWorkbook } from "./excel/attendance-excel.js";

export interface ExcelDeps {
  db: Db;
  clock: Clock;
  secret: string;
}

const MAX_LIST_NAMES = 2000;
const ATTENDANCE_MAX_BYTES = 2 * 1024 * 1024;

function datePart(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}

/** Names of the party organisations the actor can see (the template's drop-down list). */
async function orgNamesInScope(db: Db, actor: Actor): Promise<string[]> {
  const { rows } = await listPartyOrgs(db, { scopePaths: outermost(scopePaths(actor, "party.read")), page: 1, pageSize: MAX_LIST_NAMES });
  return [...new Set(rows.map((r) => r.name))].sort((a, b) => a.localeCompare(b, "zh-CN"));
}

/** The member roster template with the actor's organisations in its drop-down. */
export async function memberTemplate(deps: ExcelDeps, actor: Actor): Promise<FileDownload> {
  return { fileName: "党员名册导入模板.xlsx", contentType: XLSX_CONTENT_TYPE, body: await rosterTemplate(await orgNamesInScope(deps.db, actor)) };
}

/**
 * Exports a roster in scope: one organisation, an org unit's subtree, or everything the actor
 * reads. Masked by default; `full` needs `member.unmask` over the target and a reason, and then
 * contains only members the actor may unmask. Every export is audited (who, what, why, how many).
 */
export async function exportMembers(
  deps: ExcelDeps,
  actor: Actor,
  input: { orgUnitId?: string | undefined; partyOrgId?: string | undefined; full: boolean; reason?: string | undefined },
): Promise<FileDownload> {
  if (input.full && !input.reason) throw fieldError("reason", "validation.required");
  let target: { path: string; name: string; id: string | null } = { path: "", name: "", id: null };
  let partyOrgId: string | undefined;
  if (input.partyOrgId) {
    const org = await loadPartyOrg(deps.db, actor, input.partyOrgId);
    target = { path: org.path, name: org.name, id: org.id };
    partyOrgId = org.id;
  } else if (input.orgUnitId) {
    const unit = await orgRepo.findById(deps.db, input.orgUnitId);
    if (!unit) throw new AppError("NOT_FOUND");
    authorize(actor, "party.read", unit);
    target = { path: unit.path, name: unit.name, id: unit.id };
  }
  if (input.full && target.path) authorize(actor, "member.unmask", target);
  const permission = input.full ? "member.unmask" : "party.read";
  const scope = outermost(scopePaths(actor, permission));
  if (scope.length === 0) throw new AppError("FORBIDDEN");
  const rows = await allMembers(deps.db, {
    scopePaths: scope,
    ...(partyOrgId ? { partyOrgId } : {}),
    ...(target.path && !partyOrgId ? { underPath: target.path } : {}),
  });
  await deps.db.transaction(async (tx) => {
    await writeAudit(tx, actor, deps.clock, [
      {
        action: "member.export",
        entityType: partyOrgId ? "partyOrg" : "orgUnit",
        entityId: target.id,
        orgPath: target.path || (scope[0] ?? null),
        after: { full: input.full, reason: input.reason ?? null, count: rows.length },
      },
    ]);
  });
  const names = await orgNamesInScope(deps.db, actor);
  const label = target.name || "全部";
  return {
    fileName: `党员名册-${label}${input.full ? "-完整" : ""}-${datePart(deps.clock)}.xlsx`,
    contentType: XLSX_CONTENT_TYPE,
    body: streamRoster(rows, { full: input.full, cipher: memberCipher(deps.secret), partyOrgNames: names }),
  };
}

/** The attendance template of a meeting: its recorded sheet, or the organisation's roster. */
export async function attendanceWorkbook(deps: ExcelDeps, actor: Actor, meetingId: string, blank: boolean): Promise<FileDownload> {
  const m = await loadMeeting(deps.db, actor, meetingId);
  const roster = await rosterOf(deps.db, m.partyOrgId);
  const recorded = new Map(
    (m.memberIds && m.attendance && !blank ? readSheet(m.memberIds, m.attendance, m.excuseReasons) : []).map((e) => [e.memberId, e]),
  );
  const rows = roster.map((r) => ({ memberId: r.id, name: r.name, status: recorded.get(r.id)?.status ?? null, reason: recorded.get(r.id)?.reason ?? null }));
  const title = `${m.heldOn} ${translate("zh-CN", `meeting.type.${m.type}`)} ${m.topic}`;
  return {
    fileName: `出勤登记-${m.partyOrgName}-${m.heldOn}.xlsx`,
    contentType: XLSX_CONTENT_TYPE,
    body: await attendanceTemplate({ id: m.id, title }, rows),
  };
}

/** Records a meeting's attendance from its filled-in template: all rows valid, or nothing. */
export async function importAttendance(deps: MeetingsDeps, actor: Actor, meetingId: string, upload: Upload): Promise<MeetingView> {
  const m = await loadMeeting(deps.db, actor, meetingId);
  authorize(actor, "party.manage", m);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of upload.stream) {
    size += c.length;
    if (size > ATTENDANCE_MAX_BYTES) throw new AppError("PAYLOAD_TOO_LARGE");
    chunks.push(Buffer.from(c));
  }
  const parsed = await readAttendanceWorkbook(Buffer.concat(chunks), m.id);
  if (!parsed.ok) {
    const fields: Record<string, MessageRef> = {};
    for (const r of parsed.rows ?? []) fields[`row.${r.row}`] = { key: "import.rowError", params: { row: r.row, message: r.message.key } };
    throw new AppError("VALIDATION", { message: parsed.problem, fields, cause: parsed.cause });
  }
  return setAttendance(deps, actor, m.id, parsed.entries);
}
