import { describe, expect, it } from "vitest";
import { parseOrgLifeLine } from "./party.metrics.js";

describe("parseOrgLifeLine", () => {
  it("reads the unit and its eight counts in order", () => {
    const unit = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa";
    expect(parseOrgLifeLine(`${unit},1,40,52,12,900,1100,61,3`)).toEqual({ unit, cadenceOrgs: 1, met: 40, meetings: 52, themeDays: 12, present: 900, expected: 1100, members: 61, mobile: 3 });
  });
});
