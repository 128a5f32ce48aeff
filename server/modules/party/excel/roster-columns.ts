/**
 * The member roster's columns and how a spreadsheet cell becomes text for the member rules.
 * Pure (no I/O): shared by the template, the export, the import and the error workbook.
 */
import type { MessageRef } from "../../../../common/errors.js";
import { ID_TYPES } from "../../../../common/idcard.js";
import { translate } from "../../../../common/i18n/index.js";
import { EDUCATION_LEVELS, GENDERS, MEMBER_STATUSES } from "../../../../common/party.js";

export const ROSTER_TEMPLATE_ID = "zhenxing.memberRoster";
export const ROSTER_TEMPLATE_VERSION = 1;
export const META_SHEET = "_meta";
export const LISTS_SHEET = "_lists";

export type RosterKey =
  | "name"
  | "gender"
  | "birthDate"
  | "idType"
  | "idNumber"
  | "phone"
  | "education"
  | "joinedOn"
  | "status"
  | "probationEndsOn"
  | "mobileMember"
  | "mobileWorkplace"
  | "partyOrg"
  | "memberId";

export type CellKind = "text" | "id" | "phone" | "date" | "option" | "bool";

export interface RosterColumn {
  key: RosterKey;
  header: string;
  /** Other headers seen on ordinary rosters that mean the same. */
  aliases: readonly string[];
  kind: CellKind;
  width: number;
  /** Stored value → zh-CN label, for option columns. */
  options?: readonly { value: string; label: string }[];
  /** The message key naming the field in errors. */
  label: string;
}

const zh = (key: string): string => translate("zh-CN", key);
const opts = (values: readonly string[], prefix: string) => values.map((value) => ({ value, label: zh(`${prefix}${value}`) }));

export const BOOL_LABELS = { yes: "是", no: "否" } as const;

/** In template order. `memberId` is filled by exports so a re-import finds the member. */
export const ROSTER_COLUMNS: readonly RosterColumn[] = [
  { key: "name", header: "姓名", aliases: ["党员姓名"], kind: "text", width: 12, label: "field.name" },
  { key: "gender", header: "性别", aliases: [], kind: "option", width: 8, options: opts(GENDERS, "gender."), label: "field.gender" },
  { key: "birthDate", header: "出生日期", aliases: ["出生年月日", "出生年月"], kind: "date", width: 14, label: "field.birthDate" },
  { key: "idType", header: "证件类型", aliases: [], kind: "option", width: 22, options: opts(ID_TYPES, "idcard.type."), label: "field.idType" },
  { key: "idNumber", header: "证件号码", aliases: ["身份证号", "身份证号码", "公民身份号码", "身份证"], kind: "id", width: 22, label: "field.idNumber" },
  { key: "phone", header: "手机号码", aliases: ["联系电话", "手机", "电话", "手机号"], kind: "phone", width: 15, label: "field.phone" },
  { key: "education", header: "学历", aliases: ["文化程度"], kind: "option", width: 12, options: opts(EDUCATION_LEVELS, "education."), label: "field.education" },
  { key: "joinedOn", header: "入党日期", aliases: ["入党时间", "入党年月"], kind: "date", width: 14, label: "field.joinedOn" },
  { key: "status", header: "党员类别", aliases: ["人员类别", "党员状态"], kind: "option", width: 12, options: opts(MEMBER_STATUSES, "member.status."), label: "field.memberStatus" },
  { key: "probationEndsOn", header: "预备期满日期", aliases: ["转正日期"], kind: "date", width: 14, label: "field.probationEndsOn" },
  { key: "mobileMember", header: "流动党员", aliases: ["是否流动党员"], kind: "bool", width: 10, label: "field.mobileMember" },
  { key: "mobileWorkplace", header: "外出务工经商地", aliases: ["流动去向", "外出地点"], kind: "text", width: 20, label: "field.mobileWorkplace" },
  { key: "partyOrg", header: "所在党组织", aliases: ["党组织", "所在支部", "所在党支部", "党组织名称"], kind: "text", width: 24, label: "field.partyOrg" },
  { key: "memberId", header: "系统编号", aliases: [], kind: "text", width: 38, label: "field.memberId" },
];

/** Without these a sheet is not a roster. */
export const REQUIRED_HEADERS: readonly RosterKey[] = ["name", "idNumber", "joinedOn"];

export const COLUMN_BY_KEY = new Map(ROSTER_COLUMNS.map((c) => [c.key, c]));

function normaliseHeader(h: string): string {
  return h.normalize("NFKC").replace(/[\s*＊:：()（）]/g, "").trim();
}

const HEADER_LOOKUP = new Map<string, RosterKey>();
for (const c of ROSTER_COLUMNS) for (const h of [c.header, ...c.aliases]) HEADER_LOOKUP.set(normaliseHeader(h), c.key);

/** Column number of each recognised header; `texts[c]` is the text of column c (as exceljs indexes rows). */
export function matchHeaders(texts: readonly (string | undefined)[]): Map<RosterKey, number> {
  const found = new Map<RosterKey, number>();
  texts.forEach((t, col) => {
    if (!t) return;
    const key = HEADER_LOOKUP.get(normaliseHeader(t));
    if (key && !found.has(key)) found.set(key, col);
  });
  return found;
}

/** A cell as exceljs hands it over (the shapes the import must understand). */
export type CellInput =
  | null
  | undefined
  | string
  | number
  | boolean
  | Date
  | { richText: { text: string }[] }
  | { formula: string; result?: unknown }
  | { sharedFormula: string; result?: unknown }
  | { error: string }
  | { text: string; hyperlink: string }
  | object;

export type CellResult = { ok: true; text: string } | { ok: false; error: MessageRef };

const fieldRef = (key: string, c: RosterColumn, params: Record<string, string | number> = {}): MessageRef => ({ key, params: { field: c.label, ...params } });

/** Visible text of a string-like cell (rich text joined), or undefined for other shapes. */
export function plainText(v: CellInput): string | undefined {
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && "richText" in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join("");
  if (v && typeof v === "object" && "text" in v && typeof (v as { text: unknown }).text === "string") return (v as { text: string }).text;
  return undefined;
}

const SCIENTIFIC = /^\s*[+-]?\d+(?:\.\d+)?[eE][+-]?\d+\s*$/;

function isoFromDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Excel serial day numbers (1900 system) for 1900-03-01 … 2100-12-31. */
function serialToIso(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 61 || n > 73415) return undefined;
  return isoFromDate(new Date(Math.round((n - 25569) * 86_400_000)));
}

/** Date texts people type: 1985-07-01, 1985/7/1, 1985.7.1, 19850701, 1985年7月1日. */
export function parseDateText(s: string): string | undefined {
  const t = s.normalize("NFKC").trim();
  const m = /^(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return undefined;
  return `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
}

/**
 * Turns one cell into the text the member rules read, refusing what a spreadsheet has already
 * damaged: an ID number in a numeric cell (Excel keeps 15 significant digits) or shown in
 * scientific notation, and formulas. Option cells accept the zh-CN label or the stored value.
 */
export function readCell(c: RosterColumn, v: CellInput): CellResult {
  if (v === null || v === undefined) return { ok: true, text: "" };
  if (typeof v === "object" && ("formula" in v || "sharedFormula" in v)) return { ok: false, error: fieldRef("import.formula", c) };
  if (typeof v === "object" && "error" in v) return { ok: false, error: fieldRef("validation.invalid", c) };
  const text = plainText(v);
  switch (c.kind) {
    case "id":
      if (typeof v === "number") return { ok: false, error: { key: "import.numericId" } };
      if (text !== undefined && SCIENTIFIC.test(text)) return { ok: false, error: { key: "import.scientificId" } };
      return text !== undefined ? { ok: true, text: text.trim() } : { ok: false, error: fieldRef("validation.invalid", c) };
    case "phone":
      if (typeof v === "number") {
        return Number.isSafeInteger(v) ? { ok: true, text: String(v) } : { ok: false, error: { key: "import.numericPhone" } };
      }
      return text !== undefined ? { ok: true, text: text.trim() } : { ok: false, error: fieldRef("validation.invalid", c) };
    case "date": {
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? { ok: false, error: fieldRef("import.badDate", c) } : { ok: true, text: isoFromDate(v) };
      if (typeof v === "number") {
        const iso = /^\d{8}$/.test(String(v)) ? parseDateText(String(v)) : serialToIso(v);
        return iso ? { ok: true, text: iso } : { ok: false, error: fieldRef("import.badDate", c) };
      }
      if (text === undefined) return { ok: false, error: fieldRef("import.badDate", c) };
      if (!text.trim()) return { ok: true, text: "" };
      const iso = parseDateText(text);
      return iso ? { ok: true, text: iso } : { ok: false, error: fieldRef("import.badDate", c) };
    }
    case "option": {
      const s = (text ?? (typeof v === "number" ? String(v) : "")).normalize("NFKC").trim();
      if (!s) return { ok: true, text: "" };
      const hit = c.options?.find((o) => o.label === s || o.value === s);
      if (hit) return { ok: true, text: hit.value };
      return { ok: false, error: fieldRef("import.badOption", c, { options: (c.options ?? []).map((o) => o.label).join(" / ") }) };
    }
    case "bool": {
      if (typeof v === "boolean") return { ok: true, text: v ? "true" : "" };
      const s = (text ?? (typeof v === "number" ? String(v) : "")).normalize("NFKC").trim().toLowerCase();
      if (["", "否", "n", "no", "false", "0", "f"].includes(s)) return { ok: true, text: "" };
      if (["是", "y", "yes", "true", "1", "t", "√"].includes(s)) return { ok: true, text: "true" };
      return { ok: false, error: fieldRef("import.badBoolean", c) };
    }
    case "text":
      if (typeof v === "number") return { ok: true, text: String(v) };
      return text !== undefined ? { ok: true, text: text.trim() } : { ok: false, error: fieldRef("validation.invalid", c) };
    default: {
      const never: never = c.kind;
      return never;
    }
  }
}

/** The zh-CN label of a stored option value (for exports). */
export function optionLabel(key: RosterKey, value: string | null): string {
  if (!value) return "";
  return COLUMN_BY_KEY.get(key)?.options?.find((o) => o.value === value)?.label ?? value;
}

/** True for an ID cell as our masked exports write it (`3405**********001X`). */
export function isMaskedId(text: string): boolean {
  return /\*{3,}/.test(text);
}
