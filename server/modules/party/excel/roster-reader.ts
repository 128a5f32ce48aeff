import type ExcelJS from "exceljs";
import type { Readable } from "node:stream";
import type { MessageRef } from "../../../../common/errors.js";
import {
  COLUMN_BY_KEY,
  LISTS_SHEET,
  META_SHEET,
  REQUIRED_HEADERS,
  ROSTER_COLUMNS,
  matchHeaders,
  plainText,
  readCell,
  type CellInput,
  type RosterKey,
} from "./roster-columns.js";
import { Utf8WorkbookReader } from "./utf8-workbook-reader.js";

/** One data row of a roster: the cell texts the rules read, the cells already refused, the raw display. */
export interface ParsedRow {
  /** The row number in the spreadsheet (1-based, as Excel shows it). */
  row: number;
  cells: Partial<Record<RosterKey, string>>;
  errors: Partial<Record<RosterKey, MessageRef>>;
  /** What the user sees in a roster column, for the error workbook, where it differs from `cells`. */
  raw: Partial<Record<RosterKey, string>>;
}

export interface RosterFile {
  rows: ParsedRow[];
  /** The hidden template id and version when the file came from one of our templates/exports. */
  meta: { templateId: string; version: number } | null;
  /** A file-level problem: nothing can be imported. */
  problem: MessageRef | null;
  /** Why an unreadable file could not be read (the parser's error): for the log, not the user. */
  cause?: unknown;
}

/** The largest roster one import takes (a city-wide file is ~35,000 members). */
export const IMPORT_MAX_ROWS = 100_000;
const HEADER_SCAN_ROWS = 10;

function display(v: CellInput): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "" : v.toISOString().slice(0, 10);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  const t = plainText(v);
  if (t !== undefined) return t;
  if (typeof v === "object" && "formula" in v) return `=${String((v as { formula: unknown }).formula)}`;
  return "";
}

/**
 * A copy of a cell's text that does not keep the parser's chunk alive. Texts the XML parser
 * cuts out of a sheet chunk are V8 "sliced strings" that pin the whole chunk: 50,000 kept rows
 * held ~70 MB where their text is ~20 MB. Short strings are copied by V8 anyway.
 */
function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, "utf8").toString("utf8");
}

/** Row values as exceljs gives them: a sparse array indexed by column number. */
function rowValues(r: ExcelJS.Row): CellInput[] {
  return (Array.isArray(r.values) ? r.values : []) as CellInput[];
}

/**
 * Streams a roster workbook (never holding the sheet XML in memory): finds the header row
 * within the first rows of the first sheet that has one (ordinary rosters often start with a
 * title row), then reads every data row through {@link readCell}. `onRow` reports progress.
 */
export async function readRosterFile(input: string | Readable, onRow: (rowsRead: number) => void = () => {}): Promise<RosterFile> {
  const reader = new Utf8WorkbookReader(input, { worksheets: "emit", sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", entries: "ignore" });
  const rows: ParsedRow[] = [];
  let meta: RosterFile["meta"] = null;
  let columns: Map<RosterKey, number> | null = null;
  let bestMissing: RosterKey[] | null = null;
  let tooMany = false;
  let sawSheet = false;
  try {
    for await (const ws of reader) {
      const name = (ws as unknown as { name: string }).name;
      sawSheet = true;
      if (name === META_SHEET) {
        const values = new Map<string, CellInput>();
        for await (const r of ws) {
          const v = rowValues(r);
          values.set(String(display(v[1] ?? null)), v[2] ?? null);
        }
        meta = { templateId: display(values.get("templateId") ?? null), version: Number(display(values.get("version") ?? null)) || 0 };
        continue;
      }
      if (columns || name === LISTS_SHEET) {
        for await (const _r of ws) void _r; // drain: the reader must consume every sheet
        continue;
      }
      for await (const r of ws) {
        const values = rowValues(r);
        if (!columns) {
          if (r.number > HEADER_SCAN_ROWS) continue;
          const found = matchHeaders(values.map((v) => (v === undefined ? undefined : display(v))));
          const missing = REQUIRED_HEADERS.filter((k) => !found.has(k));
          if (missing.length === 0) {
            columns = found;
          } else if (found.size > 0 && (!bestMissing || missing.length < bestMissing.length)) bestMissing = missing;
          continue;
        }
        if (rows.length >= IMPORT_MAX_ROWS) {
          tooMany = true;
          continue;
        }
        const parsed: ParsedRow = { row: r.number, cells: {}, errors: {}, raw: {} };
        let blank = true;
        for (const [key, col] of columns) {
          const v = values[col];
          const shown = display(v ?? null);
          if (shown.trim() !== "") blank = false;
          const result = readCell(COLUMN_BY_KEY.get(key)!, v ?? null);
          if (result.ok) parsed.cells[key] = detach(result.text);
          else parsed.errors[key] = result.error;
          // The typed text is kept only where it differs from the accepted text (an option's
          // label, a reformatted date, a refused cell): 50,000 rows are not held twice.
          if (!result.ok || result.text !== shown) parsed.raw[key] = detach(shown);
        }
        if (blank) continue;
        rows.push(parsed);
        if (rows.length % 1000 === 0) onRow(rows.length);
      }
    }
  } catch (cause) {
    return { rows: [], meta, problem: { key: "import.unreadable" }, cause };
  }
  onRow(rows.length);
  if (!sawSheet) return { rows: [], meta, problem: { key: "import.noSheet" } };
  if (!columns) {
    const missing = (bestMissing ?? [...REQUIRED_HEADERS]).map((k) => ROSTER_COLUMNS.find((c) => c.key === k)?.header ?? k).join("、");
    return { rows: [], meta, problem: { key: "import.missingHeaders", params: { row: 1, missing } } };
  }
  if (tooMany) return { rows: [], meta, problem: { key: "import.tooManyRows", params: { max: IMPORT_MAX_ROWS } } };
  if (rows.length === 0) return { rows: [], meta, problem: { key: "import.empty" } };
  return { rows, meta, problem: null };
}
