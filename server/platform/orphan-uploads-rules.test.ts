import { describe, expect, it } from "vitest";
import { classify, importJobId, orphans, ownerOf } from "./orphan-uploads-rules.js";

const NOW = Date.parse("2026-03-02T12:00:00Z");
const HOUR = 3_600_000;
const GRACE = 24 * HOUR;
const old = (key: string) => ({ key, mtimeMs: NOW - 25 * HOUR });

describe("orphan upload rules", () => {
  it("never checks a file younger than the grace period, whatever it is", () => {
    expect(classify({ key: "appeals/2026-03/a", mtimeMs: NOW - 23 * HOUR }, NOW, GRACE)).toBe("young");
    expect(classify({ key: "meetings/m/.0b3c1e6e-8a4e-4a57-9c1a-1f4d2f9e7a10.part", mtimeMs: NOW - HOUR }, NOW, GRACE)).toBe("young");
    expect(classify({ key: "appeals/2026-03/a", mtimeMs: NOW + HOUR }, NOW, GRACE)).toBe("young");
  });

  it("checks old files of the known folders against the database", () => {
    expect(classify(old("appeals/2026-03/0b3c1e6e"), NOW, GRACE)).toBe("check");
    expect(classify(old("meetings/m1/x.pdf"), NOW, GRACE)).toBe("check");
    expect(classify(old("rating-evidence/r1/x.png"), NOW, GRACE)).toBe("check");
    expect(classify(old("imports/j1/errors.xlsx.enc"), NOW, GRACE)).toBe("check");
  });

  it("deletes an old interrupted write's temporary file without asking", () => {
    expect(classify(old("appeals/2026-03/.0b3c1e6e-8a4e-4a57-9c1a-1f4d2f9e7a10.part"), NOW, GRACE)).toBe("partial");
  });

  it("keeps what it cannot check: other folders, files at the top, look-alike names", () => {
    expect(classify(old("backups/x.tar"), NOW, GRACE)).toBe("unknown");
    expect(classify(old("appeals"), NOW, GRACE)).toBe("unknown");
    expect(classify(old("appealsx/a"), NOW, GRACE)).toBe("unknown");
    expect(ownerOf("rating-evidence/r/x.pdf")).toBe("rating-evidence");
  });

  it("deletes only the checked keys no row names", () => {
    expect(orphans(["a", "b", "c"], new Set(["b"]))).toEqual(["a", "c"]);
    expect(orphans([], new Set(["b"]))).toEqual([]);
  });

  it("reads the job id of an import's error workbook", () => {
    expect(importJobId("imports/0B3C1E6E-8A4E-4A57-9C1A-1F4D2F9E7A10/errors.xlsx.enc")).toBe("0b3c1e6e-8a4e-4a57-9c1a-1f4d2f9e7a10");
    expect(importJobId("imports/not-a-uuid/errors.xlsx.enc")).toBeNull();
    expect(importJobId("meetings/0b3c1e6e-8a4e-4a57-9c1a-1f4d2f9e7a10/x")).toBeNull();
  });
});
