import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../test/helpers/context.js";
import { queryRows, type DbHandle } from "../db/client.js";
import { appealAttachments, jobs, meetingAttachments, ratingEvidenceFiles } from "../db/schema/index.js";
import { ManualClock } from "./clock.js";
import { orphanUploadsTask, sweepOrphanUploads } from "./orphan-uploads.js";

const HOUR = 3_600_000;
const clock = new ManualClock("2026-03-02T12:00:00Z");
let handle: DbHandle;
let drop: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  ({ handle, drop } = await openTestDatabase());
});
afterAll(async () => {
  await handle.close();
  await drop();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "zx-orphans-"));
  return () => rmSync(dir, { recursive: true, force: true });
});

/** Writes a file under the uploads dir dated `ageHours` before the clock. */
function file(key: string, ageHours: number): string {
  const p = join(dir, key);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, "x");
  const at = new Date(clock.now().getTime() - ageHours * HOUR);
  utimesSync(p, at, at);
  return key;
}
const present = (key: string): boolean => existsSync(join(dir, key));
const deps = () => ({ db: handle.db, clock, uploadsDir: dir });

/** Any existing row's id of a parent table (the golden database has the demo data). */
async function anyId(table: "appeals" | "meetings" | "rating_assessments"): Promise<string> {
  const [row] = await queryRows<{ id: string }>(handle.db, sql`SELECT id FROM ${sql.identifier(table)} LIMIT 1`);
  if (!row) throw new Error(`no ${table} in the test database`);
  return row.id;
}

async function referenceAppealFile(key: string): Promise<void> {
  await handle.db.insert(appealAttachments).values({ appealId: await anyId("appeals"), kind: "photo", fileKey: key, mimeType: "image/jpeg", size: 1, sha256: "0", createdAt: clock.now() });
}

describe("orphan upload sweep", () => {
  it("keeps a referenced old file, keeps an unreferenced young file, deletes an unreferenced old file", async () => {
    const month = "appeals/2026-02";
    const referencedOld = file(`${month}/${randomUUID()}`, 48);
    await referenceAppealFile(referencedOld);
    const unreferencedYoung = file(`${month}/${randomUUID()}`, 23);
    const unreferencedOld = file(`${month}/${randomUUID()}`, 25);
    const r = await sweepOrphanUploads(deps());
    expect(present(referencedOld)).toBe(true);
    expect(present(unreferencedYoung)).toBe(true);
    expect(present(unreferencedOld)).toBe(false);
    expect(r).toEqual({ scanned: 3, removed: 1 });
  });

  it("checks meeting minutes, rating evidence and import workbooks against their own tables", async () => {
    const meeting = file(`meetings/${randomUUID()}/${randomUUID()}.pdf`, 48);
    await handle.db.insert(meetingAttachments).values({ meetingId: await anyId("meetings"), fileName: "纪要.pdf", contentType: "application/pdf", sizeBytes: 1, storageKey: meeting, sha256: "0" });
    const evidence = file(`rating-evidence/${randomUUID()}/${randomUUID()}.png`, 48);
    await handle.db.insert(ratingEvidenceFiles).values({ assessmentId: await anyId("rating_assessments"), indicator: "i1", fileName: "e.png", contentType: "image/png", sizeBytes: 1, storageKey: evidence, sha256: "0", createdAt: clock.now() });
    const [job] = await handle.db.insert(jobs).values({ kind: "memberImport", status: "failed" }).returning({ id: jobs.id });
    const workbook = file(`imports/${job?.id}/errors.xlsx.enc`, 48);
    const orphans = [
      file(`meetings/${randomUUID()}/${randomUUID()}.pdf`, 48),
      file(`rating-evidence/${randomUUID()}/${randomUUID()}.jpg`, 48),
      file(`imports/${randomUUID()}/errors.xlsx.enc`, 48),
    ];
    await sweepOrphanUploads(deps());
    expect([meeting, evidence, workbook].filter((k) => !present(k))).toEqual([]);
    expect(orphans.filter(present)).toEqual([]);
  });

  it("deletes an interrupted write's old temporary file, and keeps what it cannot check", async () => {
    const oldPart = file(`appeals/2026-02/.${randomUUID()}.part`, 25);
    const youngPart = file(`appeals/2026-02/.${randomUUID()}.part`, 1);
    const foreign = file("backups/2026-01.tar", 100);
    const top = file("README", 100);
    await sweepOrphanUploads(deps());
    expect(present(oldPart)).toBe(false);
    expect([youngPart, foreign, top].filter((k) => !present(k))).toEqual([]);
  });

  it("checks in batches: a referenced file is kept however many orphans surround it", async () => {
    const keys = Array.from({ length: 7 }, () => file(`appeals/2026-01/${randomUUID()}`, 30));
    const kept = keys[5] ?? "";
    await referenceAppealFile(kept);
    const r = await sweepOrphanUploads(deps(), { batch: 2 });
    expect(keys.filter(present)).toEqual([kept]);
    expect(r.removed).toBe(6);
  });

  it("two sweepers at once delete each orphan once between them and never fail on a missing file", async () => {
    const keys = Array.from({ length: 20 }, () => file(`appeals/2026-01/${randomUUID()}`, 30));
    const [a, b] = await Promise.all([sweepOrphanUploads(deps()), sweepOrphanUploads(deps())]);
    expect(keys.filter(present)).toEqual([]);
    expect((a?.removed ?? 0) + (b?.removed ?? 0)).toBeGreaterThanOrEqual(20);
  });

  it("does nothing when the uploads dir does not exist yet", async () => {
    expect(await sweepOrphanUploads({ ...deps(), uploadsDir: join(dir, "missing") })).toEqual({ scanned: 0, removed: 0 });
  });

  it("runs from the sweeper's loop at most once an hour by the injected clock, logging its count", async () => {
    const logs: string[] = [];
    const tick = orphanUploadsTask({ ...deps(), log: (m) => logs.push(m) });
    file(`appeals/2026-01/${randomUUID()}`, 30);
    expect(await tick()).toEqual({ scanned: 1, removed: 1 });
    const second = file(`appeals/2026-01/${randomUUID()}`, 30);
    clock.advance(59 * 60_000);
    expect(await tick()).toBeNull();
    expect(present(second)).toBe(true);
    clock.advance(60_000);
    expect(await tick()).toEqual({ scanned: 1, removed: 1 });
    expect(logs).toEqual(["[uploads] orphan sweep: 1 of 1 files removed", "[uploads] orphan sweep: 1 of 1 files removed"]);
  });
});
