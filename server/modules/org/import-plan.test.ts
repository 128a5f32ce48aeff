import { describe, expect, it } from "vitest";
import { planImport, type ExistingUnit } from "./import-plan.js";

let n = 0;
const newId = () => `id${++n}`;
const records = [
  { code: "4405", name: "汕头市" },
  { code: "440514", name: "潮南区" },
  { code: "440514109", name: "红场镇" },
  { code: "440514109210", name: "大溪坝村委会" },
  { code: "440514109001", name: "苏林居委会" },
];

function stored(plan: ReturnType<typeof planImport>): Map<string, ExistingUnit> {
  if ("kind" in plan) throw new Error(plan.kind);
  return new Map(
    plan.inserts.map((u) => [
      u.divisionCode,
      { id: u.id, divisionCode: u.divisionCode, name: u.name, officialName: u.officialName, parentId: u.parentId, path: u.path, kind: u.kind, agricultural: u.agricultural, agriculturalSetByUser: false, revoked: false },
    ]),
  );
}

describe("planImport", () => {
  it("creates a tree with materialised paths, parents before children", () => {
    const plan = planImport("4405", records, new Map(), newId);
    if ("kind" in plan) throw new Error(plan.kind);
    expect(plan.inserts.map((u) => u.divisionCode)).toEqual(["4405", "440514", "440514109", "440514109001", "440514109210"]);
    const [city, district, town, , village] = plan.inserts;
    expect(city?.path).toBe(`/${city?.id}/`);
    expect(village?.path).toBe(`${town?.path}${village?.id}/`);
    expect(village?.depth).toBe(4);
    expect(district?.parentId).toBe(city?.id);
  });

  it("is a no-op on the same data", () => {
    const first = planImport("4405", records, new Map(), newId);
    const second = planImport("4405", records, stored(first), newId);
    if ("kind" in second) throw new Error(second.kind);
    expect(second).toMatchObject({ inserts: [], renames: [], moves: [], revokes: [], restores: [], unchanged: 5 });
  });

  it("keeps a user's agricultural mark on re-import", () => {
    const existing = stored(planImport("4405", records, new Map(), newId));
    const community = existing.get("440514109001");
    if (!community) throw new Error("missing");
    existing.set("440514109001", { ...community, agricultural: true, agriculturalSetByUser: true });
    const plan = planImport("4405", records, existing, newId);
    if ("kind" in plan) throw new Error(plan.kind);
    expect(plan.agriculturalChanges).toEqual([]);
  });

  it("reports a missing prefix record and orphans", () => {
    expect(planImport("440523", records, new Map(), newId)).toEqual({ kind: "prefixMissing", code: "440523" });
    const orphan = planImport("4405", [{ code: "4405", name: "汕头市" }, { code: "440514109", name: "红场镇" }], new Map(), newId);
    expect(orphan).toEqual({ kind: "orphan", code: "440514109", parent: "440514" });
  });
});
