import ExcelJS from "exceljs";
import type { MessageRef } from "../../../../common/errors.js";
import { translate } from "../../../../common/i18n/index.js";
import { ATTENDANCE_STATUSES, type AttendanceStatus } from "../../../../common/party.js";
import { META_SHEET, plainText, type CellInput } from "./roster-columns.js";
import { HEADER_FILL, dataValidations } from "./roster-sheet.js";

export const ATTENDANCE_TEMPLATE_ID = "zhenxing.meetingAttendance";
export const ATTENDANCE_TEMPLATE_VERSION = 1;
const HEADERS = ["姓名", "出勤情况", "请假原因", "系统编号"] as const;
const LABELS: Record<AttendanceStatus, string> = Object.fromEntries(ATTENDANCE_STATUSES.map((s) => [s, translate("zh-CN", `attendance.${s}`)])) as Record<
  AttendanceStatus,
  string
>;

export interface AttendanceSheetRow {
  memberId: string;
  name: string;
  status: AttendanceStatus | null;
  reason: string | null;
}

/**
 * The attendance template of one meeting: a row per member on its roster, a drop-down for
 * 出席/请假/缺席, the reason column, and the member's system id (hidden template id + meeting id).
 */
export async function attendanceTemplate(meeting: { id: string; title: string }, rows: readonly AttendanceSheetRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "zhenxing";
  const ws = wb.addWorksheet(translate("zh-CN", "import.sheet.attendance"));
  ws.columns = [
    { header: HEADERS[0], key: "name", width: 14 },
    { header: HEADERS[1], key: "status", width: 12 },
    { header: HEADERS[2], key: "reason", width: 30, style: { numFmt: "@" } },
    { header: HEADERS[3], key: "memberId", width: 38, style: { numFmt: "@" } },
  ];
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).eachCell((c) => {
    c.fill = HEADER_FILL;
  });
  ws.views = [{ state: "frozen", ySplit: 1 }];
  for (const r of rows) ws.addRow([r.name, r.status ? LABELS[r.status] : "", r.reason ?? "", r.memberId]);
  dataValidations(ws).add(`B2:B${rows.length + 1}`, {
    type: "list",
    allowBlank: false,
    formulae: [`"${ATTENDANCE_STATUSES.map((s) => LABELS[s]).join(",")}"`],
    showErrorMessage: true,
    errorStyle: "stop",
    error: translate("zh-CN", "meeting.badStatus"),
  });
  const meta = wb.addWorksheet(META_SHEET, { state: "veryHidden" });
  meta.addRow(["templateId", ATTENDANCE_TEMPLATE_ID]);
  meta.addRow(["version", ATTENDANCE_TEMPLATE_VERSION]);
  meta.addRow(["meetingId", meeting.id]);
  meta.addRow(["meeting", meeting.title]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export type ParsedAttendance =
  | { ok: true; entries: { memberId: string; status: AttendanceStatus; reason: string | null }[] }
  | { ok: false; problem: MessageRef; rows?: { row: number; message: MessageRef }[]; cause?: unknown };

const text = (v: CellInput): string => (plainText(v) ?? (typeof v === "number" ? String(v) : "")).normalize("NFKC").trim();

/** Reads a filled-in attendance template back; every row must carry a status (and a reason when excused). */
export async function readAttendanceWorkbook(bytes: Buffer, meetingId: string): Promise<ParsedAttendance> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (cause) {
    return { ok: false, problem: { key: "import.unreadable" }, cause };
  }
  const meta = wb.getWorksheet(META_SHEET);
  const metaValues = new Map<string, string>();
  meta?.eachRow((r) => {
    metaValues.set(text(r.getCell(1).value as CellInput), text(r.getCell(2).value as CellInput));
  });
  const found = metaValues.get("templateId") ?? "";
  if (found !== ATTENDANCE_TEMPLATE_ID || metaValues.get("meetingId") !== meetingId) {
    return { ok: false, problem: { key: "import.wrongTemplate", params: { found: found || "-" } } };
  }
  const ws = wb.worksheets.find((w) => w.name !== META_SHEET);
  if (!ws) return { ok: false, problem: { key: "import.noSheet" } };
  const byLabel = new Map<string, AttendanceStatus>(ATTENDANCE_STATUSES.flatMap((s) => [[LABELS[s], s] as [string, AttendanceStatus], [s, s] as [string, AttendanceStatus]]));
  const entries: { memberId: string; status: AttendanceStatus; reason: string | null }[] = [];
  const problems: { row: number; message: MessageRef }[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const memberId = text(r.getCell(4).value as CellInput);
    const statusText = text(r.getCell(2).value as CellInput);
    const reason = text(r.getCell(3).value as CellInput) || null;
    if (!memberId && !statusText) return;
    const status = byLabel.get(statusText);
    if (!status) problems.push({ row: n, message: { key: "meeting.badStatus" } });
    else if (status === "excused" && !reason) problems.push({ row: n, message: { key: "meeting.reasonRequired" } });
    else entries.push({ memberId, status, reason: status === "excused" ? reason : null });
  });
  if (problems.length) return { ok: false, problem: { key: "import.attendanceRows", params: { n: problems.length } }, rows: problems };
  if (entries.length === 0) return { ok: false, problem: { key: "import.empty" } };
  return { ok: true, entries };
}
