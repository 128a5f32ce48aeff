import ExcelJS from "exceljs";
import { StringDecoder } from "node:string_decoder";
import type { Readable } from "node:stream";

/**
 * exceljs 4.4.0's streaming reader decodes every inflated chunk of a sheet on its own
 * (`TextDecoder.decode(chunk)` without `stream: true`), so a Chinese character whose three UTF-8
 * bytes straddle two chunks turns into U+FFFD: in a 50,000-row roster ~30 names and party
 * organisation names came out broken ("第15村党支���"), and those rows were refused as unknown
 * organisations. This subclass hands exceljs text already decoded with one stateful decoder per
 * zip entry; exceljs passes strings through untouched.
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

/** The parts of exceljs' WorkbookReader this subclass hooks (private in exceljs, untyped). */
interface ReaderInternals {
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Chunk>, sheetNo: string): Generator<unknown>;
}

const base = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;

/** `new Utf8WorkbookReader(input, options)`: exceljs' streaming reader with correct UTF-8 decoding. */
export class Utf8WorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  // Shared strings and the workbook (sheet names) arrive as zip entry streams: a stream with an
  // encoding set emits whole characters (Node's StringDecoder keeps the partial bytes).
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown> {
    entry.setEncoding("utf8");
    return base._parseSharedStrings.call(this, entry);
  }

  _parseWorkbook(entry: Readable): Promise<void> {
    entry.setEncoding("utf8");
    return base._parseWorkbook.call(this, entry);
  }

  // Worksheets arrive as an iterator over the entry (or a temp file stream): wrap it.
  _parseWorksheet(iterator: AsyncIterable<Chunk>, sheetNo: string): Generator<unknown> {
    return base._parseWorksheet.call(this, decodeUtf8(iterator), sheetNo);
  }
}
