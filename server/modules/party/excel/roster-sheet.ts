import ExcelJS from "exceljs";
import { translate } from "../../../../common/i18n/index.js";
import {
  BOOL_LABELS,
  LISTS_SHEET,
  META_SHEET,
  REQUIRED_HEADERS,
  ROSTER_COLUMNS,
  ROSTER_TEMPLATE_ID,
  ROSTER_TEMPLATE_VERSION,
  type RosterColumn,
} from "./roster-columns.js";

/** Sheet options: the header row stays in view (the streaming writer takes views only here). */
export const ROSTER_SHEET_OPTIONS: Partial<ExcelJS.AddWorksheetOptions> = { views: [{ state: "frozen", ySplit: 1 }] };

/** The subset of exceljs' worksheet API both the in-memory and the streaming writer offer. */
type Sheet = ExcelJS.Worksheet;

/** exceljs implements data validations on both writers but leaves them out of its typings. */
export function dataValidations(ws: Sheet): { add(range: string, v: ExcelJS.DataValidation): void } {
  return (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
}

export const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF2F2F2" } };
export const ERROR_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFC7CE" } };
const TEXT_FORMAT = "@";

export function columnLetter(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/**
 * Sets up a roster sheet: headers, widths, text format on the ID and phone columns (so Excel
 * never turns an ID number into a float), and drop-down lists on the option columns for
 * `rows` data rows. Party organisation names come from a hidden list sheet.
 */
export function setUpRosterSheet(ws: Sheet, opts: { rows: number; partyOrgCount: number; extraHeaders?: string[] }): void {
  ws.columns = [
    ...ROSTER_COLUMNS.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width,
      style: c.kind === "id" || c.kind === "phone" || c.kind === "text" ? { numFmt: TEXT_FORMAT } : {},
    })),
    ...(opts.extraHeaders ?? []).map((h) => ({ header: h, key: h, width: 40 })),
  ];
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell, col) => {
    cell.fill = HEADER_FILL;
    const key = ROSTER_COLUMNS[col - 1]?.key;
    if (key && REQUIRED_HEADERS.includes(key)) cell.font = { bold: true, color: { argb: "FFC00000" } };
  });
  const last = opts.rows + 1;
  ROSTER_COLUMNS.forEach((c, i) => {
    const range = `${columnLetter(i + 1)}2:${columnLetter(i + 1)}${last}`;
    const list = listFormula(c, opts.partyOrgCount);
    if (!list) return;
    dataValidations(ws).add(range, {
      type: "list",
      allowBlank: true,
      formulae: [list],
      showErrorMessage: c.key !== "partyOrg",
      errorStyle: "stop",
      errorTitle: translate("zh-CN", c.label),
      error: translate("zh-CN", "import.badOption", { field: c.label, options: (c.options ?? []).map((o) => o.label).join(" / ") }),
    });
  });
}

function listFormula(c: RosterColumn, partyOrgCount: number): string | undefined {
  if (c.options) return `"${c.options.map((o) => o.label).join(",")}"`;
  if (c.kind === "bool") return `"${BOOL_LABELS.yes},${BOOL_LABELS.no}"`;
  if (c.key === "partyOrg" && partyOrgCount > 0) return `${LISTS_SHEET}!$A$1:$A$${partyOrgCount}`;
  return undefined;
}

/** The hidden sheets: the template's id and version, and the party organisation names list. */
export function addHiddenSheets(wb: ExcelJS.Workbook, partyOrgNames: readonly string[]): { lists: Sheet; meta: Sheet } {
  const lists = wb.addWorksheet(LISTS_SHEET, { state: "veryHidden" });
  partyOrgNames.forEach((n, i) => {
    lists.getCell(i + 1, 1).value = n;
  });
  const meta = wb.addWorksheet(META_SHEET, { state: "veryHidden" });
  meta.getCell("A1").value = "templateId";
  meta.getCell("B1").value = ROSTER_TEMPLATE_ID;
  meta.getCell("A2").value = "version";
  meta.getCell("B2").value = ROSTER_TEMPLATE_VERSION;
  return { lists, meta };
}

const HELP_LINES = [
  "党员名册填表说明",
  "1. 「姓名」「证件号码」「入党日期」为必填项（表头红色）。",
  "2. 「证件号码」「手机号码」列已设为文本格式；从其他表格粘贴时请选择「只粘贴值」，不要把号码变成数字或科学计数法（如 4.4E+17），否则无法导入。",
  "3. 居民身份证号码为 18 位，末位 X 大小写均可；15 位旧号码请把「证件类型」选为「居民身份证（15位旧号码）」。",
  "4. 日期格式如 1985-07-01；出生日期、性别可不填，系统从身份证号码读取。",
  "5. 预备党员请填写「预备期满日期」，不填则按入党日期加一年。",
  "6. 「所在党组织」从下拉列表选择；导入范围内只有一个党组织时可不填。",
  "7. 「系统编号」由系统导出时填写，用于更新已有党员，请勿修改；新党员留空。",
  "8. 导出的名册中证件号码为打码形式（如 3405**********001X），原样导回表示不修改号码。",
];

export function addHelpSheet(wb: ExcelJS.Workbook): void {
  const help = wb.addWorksheet(translate("zh-CN", "import.sheet.help"));
  help.getColumn(1).width = 110;
  HELP_LINES.forEach((line, i) => {
    const cell = help.getCell(i + 1, 1);
    cell.value = line;
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
}

/** The member roster template: an empty roster with the drop-downs, help and hidden sheets. */
export async function rosterTemplate(partyOrgNames: readonly string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "zhenxing";
  const ws = wb.addWorksheet(translate("zh-CN", "import.sheet.members"), ROSTER_SHEET_OPTIONS);
  setUpRosterSheet(ws, { rows: 5000, partyOrgCount: partyOrgNames.length });
  addHelpSheet(wb);
  addHiddenSheets(wb, partyOrgNames);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
