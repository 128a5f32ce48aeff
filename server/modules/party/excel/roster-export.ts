import ExcelJS from "exceljs";
import { PassThrough } from "node:stream";
import { translate } from "../../../../common/i18n/index.js";
import type { PiiCipher } from "../../../platform/pii.js";
import { ID_CONTEXT, PHONE_CONTEXT } from "../member-pii.js";
import type { MemberRow } from "../members.repo.js";
import { BOOL_LABELS, LISTS_SHEET, META_SHEET, ROSTER_COLUMNS, ROSTER_TEMPLATE_ID, ROSTER_TEMPLATE_VERSION, optionLabel, type RosterKey } from "./roster-columns.js";
import { ROSTER_SHEET_OPTIONS, setUpRosterSheet } from "./roster-sheet.js";

/** One member as a roster row: masked ID and phone unless `full` (then decrypted here). */
export function rosterValues(m: MemberRow, full: boolean, cipher: PiiCipher): Record<RosterKey, string> {
  const id = full && m.idNumberCipher ? cipher.decrypt(m.idNumberCipher, ID_CONTEXT) : (m.idMasked ?? "");
  const phone = full && m.phoneCipher ? cipher.decrypt(m.phoneCipher, PHONE_CONTEXT) : (m.phoneMasked ?? "");
  return {
    name: m.name,
    gender: optionLabel("gender", m.gender),
    birthDate: m.birthDate,
    idType: optionLabel("idType", m.idType),
    idNumber: id,
    phone,
    education: optionLabel("education", m.education),
    joinedOn: m.joinedOn,
    status: optionLabel("status", m.status),
    probationEndsOn: m.probationEndsOn ?? "",
    mobileMember: m.mobileMember ? BOOL_LABELS.yes : BOOL_LABELS.no,
    mobileWorkplace: m.mobileWorkplace ?? "",
    partyOrg: m.partyOrgName,
    memberId: m.id,
  };
}

/**
 * Streams a roster workbook (exceljs' streaming writer: rows are flushed as they are written, so
 * a city-wide export does not build the whole sheet in memory). Same columns, drop-downs and
 * hidden template id as the import template, so an edited export imports straight back.
 */
export function streamRoster(rows: readonly MemberRow[], opts: { full: boolean; cipher: PiiCipher; partyOrgNames: readonly string[] }): PassThrough {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = "zhenxing";
  void (async () => {
    const ws = wb.addWorksheet(translate("zh-CN", "import.sheet.members"), ROSTER_SHEET_OPTIONS);
    setUpRosterSheet(ws, { rows: rows.length + 1000, partyOrgCount: opts.partyOrgNames.length });
    ws.getRow(1).commit();
    for (const m of rows) {
      const v = rosterValues(m, opts.full, opts.cipher);
      ws.addRow(ROSTER_COLUMNS.map((c) => v[c.key])).commit();
    }
    ws.commit();
    const lists = wb.addWorksheet(LISTS_SHEET, { state: "veryHidden" });
    opts.partyOrgNames.forEach((n) => lists.addRow([n]).commit());
    lists.commit();
    const meta = wb.addWorksheet(META_SHEET, { state: "veryHidden" });
    meta.addRow(["templateId", ROSTER_TEMPLATE_ID]).commit();
    meta.addRow(["version", ROSTER_TEMPLATE_VERSION]).commit();
    meta.commit();
    await wb.commit();
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}
