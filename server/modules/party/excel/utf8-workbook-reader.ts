import ExcelJS from "exceljs";
import { StringDecoder } from "node:string_decoder";
import type { Readable } from "node:stream";
import unzipper from "unzipper";

/**
 * exceljs 4.4.0's streaming reader, with two of its bugs fixed.
 *
 * 1. UTF-8: it decodes every inflated chunk of a sheet on its own (`TextDecoder.decode(chunk)`
 *    without `stream: true`), so a Chinese character whose three UTF-8 bytes straddle two chunks
 *    turns into U+FFFD: in a 50,000-row roster ~30 names and party organisation names came out
 *    broken ("第15村党支���") and those rows were refused. Here every part is decoded with one
 *    stateful decoder; exceljs passes strings through untouched.
 * 2. Lost workbook part (exceljs#3064): it reads the zip in one streaming pass and sometimes never
 *    receives the last entry. exceljs itself writes `xl/workbook.xml` last (so our own templates
 *    and exports), and then a sheet is parsed with no workbook model: "Cannot read properties of
 *    undefined (reading 'sheets')", about 1 read in 1,000 on a busy machine, reported to the user
 *    as an unreadable file. Here the zip is opened through its central directory and the small
 *    parts (relationships, workbook, shared strings, styles) are read before any sheet, whatever
 *    their order in the file. Sheets are still streamed row by row, never held whole.
 */
type Chunk = Buffer | string;

async function* decodeUtf8(chunks: AsyncIterable<Chunk>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  for await (const c of chunks) {
    const text = typeof c === "string" ? c : decoder.write(c);
    if (text) yield text;
  }
  const tail = decoder.end();
  if (tail) yield tail;
}

interface SheetRef {
  rId: string;
}
interface Relationship {
  Id: string;
  Target: string;
}
type ParseEvent = { eventType: string; value: unknown };

/** The parts of exceljs' WorkbookReader this subclass uses (private in exceljs, untyped). */
interface ReaderInternals {
  input: string | Readable;
  options: Record<string, string>;
  model?: { sheets?: SheetRef[] };
  workbookRels?: Relationship[];
  _parseRels(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<ParseEvent>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Chunk>, sheetNo: string): Generator<ParseEvent>;
  _parseHyperlinks(iterator: AsyncIterable<Chunk>, sheetNo: string): Generator<ParseEvent>;
}

const base = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;
const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;
const SHEET_RELS = /^xl\/worksheets\/_rels\/sheet(\d+)\.xml\.rels$/;

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  return Buffer.concat(parts);
}

/** A relationship target ("worksheets/sheet1.xml" or "/xl/worksheets/sheet1.xml") as a zip path. */
function partPath(target: string): string {
  return target.startsWith("/") ? target.slice(1) : `xl/${target}`;
}

/** `new Utf8WorkbookReader(input, options)`: exceljs' streaming reader, UTF-8 safe and race free. */
export class Utf8WorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  // Text parts are read with an encoding set, so the stream emits whole characters.
  _parseSharedStrings(entry: Readable): AsyncGenerator<ParseEvent> {
    entry.setEncoding("utf8");
    return base._parseSharedStrings.call(this, entry);
  }

  _parseWorkbook(entry: Readable): Promise<void> {
    entry.setEncoding("utf8");
    return base._parseWorkbook.call(this, entry);
  }

  _parseWorksheet(iterator: AsyncIterable<Chunk>, sheetNo: string): Generator<ParseEvent> {
    return base._parseWorksheet.call(this, decodeUtf8(iterator), sheetNo);
  }

  /**
   * Replaces exceljs' one-pass parse: a path is opened in place; a stream is buffered first (its
   * caller already holds the bytes, and a zip's directory is at its end). Sheets come in the
   * workbook's tab order, as the user sees them.
   */
  override async *parse(input?: string | Readable, options?: Record<string, string>): AsyncGenerator<ParseEvent> {
    const self = this as unknown as ReaderInternals;
    if (options) self.options = options;
    const source = input ?? self.input;
    const zip = typeof source === "string" ? await unzipper.Open.file(source) : await unzipper.Open.buffer(await readAll(source));
    const files = new Map(zip.files.filter((f) => f.type === "File").map((f) => [f.path, f]));
    const open = (path: string): Readable | null => (files.get(path)?.stream() as Readable | undefined) ?? null;

    const rels = open("xl/_rels/workbook.xml.rels");
    if (rels) await self._parseRels(rels);
    const workbook = open("xl/workbook.xml");
    if (workbook) await this._parseWorkbook(workbook);
    const shared = open("xl/sharedStrings.xml");
    if (shared) yield* this._parseSharedStrings(shared);
    const styles = open("xl/styles.xml");
    if (styles) await self._parseStyles(styles);

    for (const [path, sheetNo] of this.sheetOrder([...files.keys()])) {
      const sheetRels = open(`xl/worksheets/_rels/sheet${sheetNo}.xml.rels`);
      if (sheetRels && self.options.hyperlinks !== "ignore") yield* self._parseHyperlinks(sheetRels, sheetNo);
      yield* this._parseWorksheet(open(path)!, sheetNo);
    }
  }

  /** Sheet parts in tab order (workbook.xml's list through its relationships), any others after. */
  private sheetOrder(paths: string[]): [string, string][] {
    const self = this as unknown as ReaderInternals;
    const byNumber = new Map<string, string>();
    for (const p of paths) {
      const m = SHEET.exec(p);
      if (m && !SHEET_RELS.test(p)) byNumber.set(p, m[1]!);
    }
    const ordered: [string, string][] = [];
    const targets = new Map((self.workbookRels ?? []).map((r) => [r.Id, partPath(r.Target)]));
    for (const sheet of self.model?.sheets ?? []) {
      const path = targets.get(sheet.rId);
      const no = path === undefined ? undefined : byNumber.get(path);
      if (path !== undefined && no !== undefined) {
        ordered.push([path, no]);
        byNumber.delete(path);
      }
    }
    const rest = [...byNumber].sort((a, b) => Number(a[1]) - Number(b[1]));
    return [...ordered, ...rest];
  }
}
