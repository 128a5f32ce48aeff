import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { AppError } from "../../platform/errors.js";
import { shortCode, type DivisionRecord } from "./divisions.js";

const RESOURCES = join(import.meta.dirname, "..", "..", "..", "resources", "divisions");

/** Provinces shipped in resources/divisions (others come from a CSV). */
export const BUILT_IN_PROVINCES = ["44"];

export interface DivisionSource {
  records: DivisionRecord[];
  /** Where the data came from, recorded in the audit trail. */
  source: string;
}

/** The built-in data for a prefix, or null when its province is not shipped. */
export function builtInDivisions(prefix: string): DivisionSource | null {
  const province = prefix.slice(0, 2);
  if (!BUILT_IN_PROVINCES.includes(province)) return null;
  const text = gunzipSync(readFileSync(join(RESOURCES, `${province}.tsv.gz`))).toString("utf8");
  const lines = text.split("\n");
  const header = lines[0]?.startsWith("#") ? lines[0].slice(1).trim() : "built-in";
  const records: DivisionRecord[] = [];
  for (const line of lines) {
    if (!line || line.startsWith("#")) continue;
    const tab = line.indexOf("\t");
    const code = line.slice(0, tab);
    if (code.startsWith(prefix) || prefix.startsWith(code)) records.push({ code, name: line.slice(tab + 1) });
  }
  return { records, source: header };
}

const CODE_HEADERS = ["code", "统计用区划代码", "区划代码", "代码"];
const NAME_HEADERS = ["name", "名称"];

function lineError(line: number, key: string, params: Record<string, string | number> = {}): AppError {
  return new AppError("VALIDATION", {
    message: { key: "org.import.badFile" },
    fields: { [`line ${line}`]: { key, params: { line, ...params } } },
  });
}

/**
 * Parses a CSV in the NBS layout: a header row naming a code column (code / 统计用区划代码) and
 * a name column (name / 名称); other columns (城乡分类代码 …) are ignored. Codes may be 12-digit
 * or short. Every problem names its line; nothing is imported from a bad file.
 */
export function parseDivisionCsv(content: Buffer | string, fileName: string): DivisionSource {
  let rows: string[][];
  try {
    rows = parse(content, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    throw lineError(line, "org.import.unparsable");
  }
  const header = rows[0];
  if (!header) throw lineError(1, "org.import.empty");
  const codeCol = header.findIndex((h) => CODE_HEADERS.includes(h.toLowerCase()));
  const nameCol = header.findIndex((h) => NAME_HEADERS.includes(h.toLowerCase()));
  if (codeCol < 0 || nameCol < 0) throw lineError(1, "org.import.badHeader", { found: header.join(",") });
  const records: DivisionRecord[] = [];
  const seen = new Map<string, number>();
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i] ?? [];
    const line = i + 1;
    const rawCode = row[codeCol] ?? "";
    const name = (row[nameCol] ?? "").trim();
    const code = shortCode(rawCode);
    if (!code) throw lineError(line, "org.import.badCode", { code: rawCode.slice(0, 20) });
    if (!name) throw lineError(line, "org.import.noName");
    const prior = seen.get(code);
    if (prior !== undefined) throw lineError(line, "org.import.duplicateCode", { code, other: prior });
    seen.set(code, line);
    records.push({ code, name });
  }
  if (records.length === 0) throw lineError(2, "org.import.empty");
  return { records, source: `file:${fileName}` };
}
