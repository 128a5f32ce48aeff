import { describe, expect, it } from "vitest";
import { batchJson, ranksByCategory, type ResultInsert } from "./results.repo.js";

const row = (subjectId: string, category: string | null, total: number): ResultInsert => ({
  subjectId, path: "/", category, total, grade: null, stars: null, complete: true, provisional: false, breakdown: {},
});

describe("ranksByCategory", () => {
  it("ranks within each category, best first, ties sharing a rank like SQL rank()", () => {
    const ranks = ranksByCategory([row("a", "rural", 80), row("b", "rural", 91), row("c", "rural", 80), row("d", "rural", 70), row("e", "urban", 60), row("f", null, 1)]);
    expect(Object.fromEntries(ranks)).toEqual({ b: 1, a: 2, c: 2, d: 4, e: 1, f: 1 });
  });
});

describe("batchJson", () => {
  it("sends each distinct path once and points every row at it (1-based, as unnest WITH ORDINALITY numbers them)", () => {
    const r = (subjectId: string, path: string): ResultInsert & { digest: string } => ({
      subjectId, path, category: null, total: 1, grade: null, stars: null, complete: true, provisional: false, breakdown: { v: 2, points: [1] }, digest: `d${subjectId}`,
    });
    const out = batchJson([r("a", "/x/"), r("b", "/y/"), r("c", "/x/")], new Map([["b", 2]]));
    expect(out.paths).toEqual(["/x/", "/y/"]);
    const rows = JSON.parse(out.json) as { s: string; p: number; r: number | null; d: string; b: unknown }[];
    expect(rows.map((x) => [x.s, out.paths[x.p - 1], x.r, x.d])).toEqual([["a", "/x/", null, "da"], ["b", "/y/", 2, "db"], ["c", "/x/", null, "dc"]]);
    expect(rows[0]?.b).toEqual({ v: 2, points: [1] });
  });
});
