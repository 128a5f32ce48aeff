/** Helpers for the party module's service and HTTP tests (not a test file itself). */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { queryRows, type Db } from "../../db/client.js";
import type { Client } from "../../../test/helpers/context.js";
import { idNumber } from "./demo/synthetic.js";

let seq = 0;
/**
 * A valid 18-digit ID number no demo member has: address code 440599 (unused in Shantou's
 * demo), a birth date in 1970–1989 and a sequence unique within the test process.
 */
export function freshId(gender: "male" | "female" = "male", birth?: string): string {
  seq += 1;
  const b = birth ?? `19${70 + (seq % 20)}-0${1 + (seq % 9)}-1${seq % 10}`;
  return idNumber("440599", b, (process.pid % 400) * 2 + seq * 2, gender);
}

export function freshMobile(): string {
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
}

/** The demo branch of a village (by division code). */
export async function branchOf(db: Db, code: string): Promise<{ id: string; name: string; orgUnitId: string; path: string }> {
  const [row] = await queryRows<{ id: string; name: string; orgUnitId: string; path: string }>(
    db,
    sql`SELECT po.id, po.name, po.org_unit_id AS "orgUnitId", ou.path FROM party_orgs po JOIN org_units ou ON ou.id = po.org_unit_id
      WHERE ou.division_code = ${code} ORDER BY (SELECT count(*) FROM members m WHERE m.party_org_id = po.id) DESC, po.name LIMIT 1`,
  );
  if (!row) throw new Error(`no party org at ${code}`);
  return row;
}

/** A multipart/form-data body with one file field `file`. */
export function multipart(fileName: string, contentType: string, bytes: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----zx${randomBytes(8).toString("hex")}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A simple workbook: one sheet with a header row and data rows (cells as given). */
export async function workbook(rows: unknown[][], opts: { title?: string; sheetName?: string } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(opts.sheetName ?? "Sheet1");
  if (opts.title) ws.addRow([opts.title]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Reads every sheet's rows as arrays of cell values (1-based columns dropped to 0-based). */
export async function readBook(bytes: Buffer): Promise<Map<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const out = new Map<string, unknown[][]>();
  for (const ws of wb.worksheets) {
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: false }, (r) => rows.push((r.values as unknown[]).slice(1)));
    out.set(ws.name, rows);
  }
  return out;
}

/** Uploads a file to a multipart endpoint. */
export function upload(client: Client, url: string, fileName: string, bytes: Buffer, contentType = XLSX) {
  const m = multipart(fileName, contentType, bytes);
  return client.post(url, m.payload, m.headers);
}

/** Polls a job until it finishes (the import runs in the background of the same process). */
export async function waitForJob<T extends { status: string }>(client: Client, jobId: string, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.get(`/api/v1/jobs/${jobId}`);
    const job = res.json<T>();
    if (job.status !== "running") return job;
    if (Date.now() > until) throw new Error(`job ${jobId} still running`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
