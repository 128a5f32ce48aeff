import { describe, expect, it } from "vitest";
import { parseNotice } from "./notice-paste.js";

// Made-up lines, not a real notice.
describe("pasting a notice", () => {
  it("reads single days, ranges and make-up days, in both words", () => {
    const r = parseNotice("# 测试\n2031-02-03~2031-02-05 放假 假节\n\n2031-02-08 上班 假节\n2031-05-01 holiday 测试节");
    expect(r.badLines).toEqual([]);
    expect(r.days).toEqual([
      { date: "2031-02-03", kind: "holiday", name: "假节" },
      { date: "2031-02-04", kind: "holiday", name: "假节" },
      { date: "2031-02-05", kind: "holiday", name: "假节" },
      { date: "2031-02-08", kind: "workday", name: "假节" },
      { date: "2031-05-01", kind: "holiday", name: "测试节" },
    ]);
  });
  it("names the lines it cannot read: bad dates, unknown kinds, missing names, backwards or huge ranges", () => {
    const r = parseNotice("2031-02-30 放假 假节\n2031-02-03 请假 假节\n2031-02-03 放假\n2031-02-05~2031-02-03 放假 假节\n2031-01-01~2031-03-01 放假 假节\n2031-02-03 放假 好");
    expect(r.badLines).toEqual([1, 2, 3, 4, 5]);
    expect(r.days).toEqual([{ date: "2031-02-03", kind: "holiday", name: "好" }]);
  });
});
