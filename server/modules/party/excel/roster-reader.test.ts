import { describe, expect, it } from "vitest";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { readRosterFile } from "./roster-reader.js";

const HEADERS = ["姓名", "证件号码", "入党日期", "所在党组织", "外出务工经商地"];

/** A roster whose Chinese text is long enough that inflated chunks end inside characters. */
async function chineseRoster(rows: number, sharedStrings: boolean): Promise<{ bytes: Buffer; names: string[] }> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("党员名册");
  ws.addRow(HEADERS);
  const names: string[] = [];
  for (let i = 0; i < rows; i++) {
    // Vary the text so chunk boundaries fall at every byte offset of a character sooner or later.
    const name = `陈${"伟强明华建国志平".slice(0, 1 + (i % 7))}${i}`;
    names.push(name);
    ws.addRow([name, `44059919800101${String(i).padStart(4, "0")}`, "2008-07-01", `第${(i % 20) + 1}村党支部`, "广东省深圳市南山区".repeat(1 + (i % 3))]);
  }
  const bytes = Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings: sharedStrings } as ExcelJS.XlsxWriteOptions));
  return { bytes, names };
}

describe("readRosterFile", () => {
  for (const shared of [false, true]) {
    it(`keeps multi-byte text intact across stream chunks (${shared ? "shared" : "inline"} strings)`, async () => {
      const { bytes, names } = await chineseRoster(6000, shared);
      const file = await readRosterFile(Readable.from([bytes]));
      expect(file.problem).toBeNull();
      expect(file.rows).toHaveLength(names.length);
      const broken = file.rows.filter((r, i) => r.cells.name !== names[i] || /\uFFFD/.test(JSON.stringify(r.cells)));
      expect(broken.map((r) => r.row)).toEqual([]);
      expect(new Set(file.rows.map((r) => r.cells.partyOrg)).size).toBe(20);
    });
  }
});

describe("readRosterFile on a damaged file", () => {
  it("refuses it as unreadable and keeps the parser's error for the log", async () => {
    const { bytes } = await chineseRoster(50, true);
    // A download cut off half way: the zip's local headers are there, its directory is not.
    const file = await readRosterFile(Readable.from([bytes.subarray(0, Math.floor(bytes.length / 2))]));
    expect(file.problem).toEqual({ key: "import.unreadable" });
    expect(file.rows).toEqual([]);
    expect(file.cause).toBeInstanceOf(Error);
  });
});
