import { describe, expect, it } from "vitest";
import { ranksByCategory, type ResultInsert } from "./results.repo.js";

const row = (subjectId: string, category: string | null, total: number): ResultInsert => ({
  subjectId, path: "/", category, total, grade: null, stars: null, complete: true, provisional: false, breakdown: {},
});

describe("ranksByCategory", () => {
  it("ranks within each category, best first, ties sharing a rank like SQL rank()", () => {
    const ranks = ranksByCategory([row("a", "rural", 80), row("b", "rural", 91), row("c", "rural", 80), row("d", "rural", 70), row("e", "urban", 60), row("f", null, 1)]);
    expect(Object.fromEntries(ranks)).toEqual({ b: 1, a: 2, c: 2, d: 4, e: 1, f: 1 });
  });
});
