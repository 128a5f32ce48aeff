import { describe, expect, it } from "vitest";
import { buildSheet, readSheet, rosterDigest } from "./attendance-sheet.js";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const C = "00000000-0000-4000-8000-00000000000c";

describe("attendance sheet", () => {
  it("sorts the roster, codes each position and aligns the reasons", () => {
    const r = buildSheet([
      { memberId: C, status: "absent" },
      { memberId: A, status: "excused", reason: " 外出务工 " },
      { memberId: B, status: "present", reason: "ignored" },
    ]);
    expect(r).toEqual({
      ok: true,
      sheet: { memberIds: [A, B, C], attendance: "EPA", excuseReasons: ["外出务工", null, null], presentCount: 1, excusedCount: 1, absentCount: 1 },
    });
    if (!r.ok) return;
    expect(readSheet(r.sheet.memberIds, r.sheet.attendance, r.sheet.excuseReasons)).toEqual([
      { memberId: A, status: "excused", reason: "外出务工" },
      { memberId: B, status: "present", reason: null },
      { memberId: C, status: "absent", reason: null },
    ]);
  });

  it("needs a reason for every excused absence and each member once", () => {
    const r = buildSheet([
      { memberId: A, status: "excused", reason: "  " },
      { memberId: B, status: "present" },
      { memberId: B, status: "absent" },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.fromEntries(Object.entries(r.fields).map(([k, v]) => [k, v.key]))).toEqual({
      "entries.0.reason": "meeting.reasonRequired",
      "entries.2.memberId": "meeting.duplicateEntry",
    });
  });

  it("digests a roster by content", () => {
    expect(rosterDigest([A, B])).toBe(rosterDigest([A, B]));
    expect(rosterDigest([A, B])).not.toBe(rosterDigest([A, C]));
    // sha256("a,b") — the same as PostgreSQL's encode(sha256(convert_to('a,b','UTF8')),'hex')
    expect(rosterDigest(["a", "b"])).toBe("1eb7c54d52831bbfe8942af0b1c56b7409523a59ed6ca99c1174fef7eb32c1b5");
  });
});
