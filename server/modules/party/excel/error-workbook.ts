import ExcelJS from "exceljs";
import type { MessageRef } from "../../../../common/errors.js";
import { translate, type Locale } from "../../../../common/i18n/index.js";
import { ROSTER_COLUMNS, type RosterKey } from "./roster-columns.js";
import type { ParsedRow } from "./roster-reader.js";
import { ERROR_FILL, ROSTER_SHEET_OPTIONS, addHelpSheet, addHiddenSheets, setUpRosterSheet } from "./roster-sheet.js";

export interface BadRow {
  parsed: ParsedRow;
  errors: Partial<Record<RosterKey, MessageRef>>;
}

/**
 * The error report of an import: the refused rows as they were typed, each bad cell filled red
 * with the reason as a cell note, the original row number and every reason in two extra
 * columns. It keeps the template's columns and hidden id, so the corrected rows can be imported
 * straight from it.
 */
export async function errorWorkbook(bad: readonly BadRow[], partyOrgNames: readonly string[], locale: Locale = "zh-CN"): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "zhenxing";
  const ws = wb.addWorksheet(translate("zh-CN", "import.sheet.members"), ROSTER_SHEET_OPTIONS);
  const rowHeader = translate(locale, "import.rowColumn");
  const errorHeader = translate(locale, "import.errorColumn");
  setUpRosterSheet(ws, { rows: Math.max(bad.length, 1), partyOrgCount: partyOrgNames.length, extraHeaders: [rowHeader, errorHeader] });
  const rowCol = ROSTER_COLUMNS.length + 1;
  const errorCol = ROSTER_COLUMNS.length + 2;
  bad.forEach((b, i) => {
    const row = ws.getRow(i + 2);
    const reasons: string[] = [];
    ROSTER_COLUMNS.forEach((c, j) => {
      const cell = row.getCell(j + 1);
      cell.value = b.parsed.raw[c.key] ?? b.parsed.cells[c.key] ?? "";
      const err = b.errors[c.key];
      if (!err) return;
      const text = translate(locale, err.key, err.params);
      cell.fill = ERROR_FILL;
      cell.note = text;
      reasons.push(translate(locale, "import.columnError", { column: c.header, message: text }));
    });
    row.getCell(rowCol).value = b.parsed.row;
    row.getCell(errorCol).value = reasons.join("；");
    row.getCell(errorCol).font = { color: { argb: "FFC00000" } };
  });
  addHelpSheet(wb);
  addHiddenSheets(wb, partyOrgNames);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
