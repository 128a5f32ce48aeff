import { describe, expect, it } from "vitest";
import { elderlyMinAge, memberStar2026, schemeSchema, validateScheme } from "./index.js";

const withAge = (minAge: unknown) => ({ ...structuredClone(memberStar2026), categories: memberStar2026.categories.map((c) => (c.code === "elderly" ? { ...c, minAge } : c)) });

describe("the elderly exemption age is a scheme setting", () => {
  it("defaults to 75 and follows the elderly category's minAge", () => {
    expect(elderlyMinAge(memberStar2026)).toBe(75);
    expect(elderlyMinAge(schemeSchema.parse(withAge(80)))).toBe(80);
  });

  it("is validated by the engine's schema: whole years from 50 to 120, named by its path", () => {
    expect(validateScheme(withAge(70))).toEqual([]);
    for (const bad of [30, 121, 75.5, "75"]) {
      const problems = validateScheme(withAge(bad));
      expect(problems.map((p) => p.path)).toContain("categories.1.minAge");
    }
  });

  it("is refused on any category other than the elderly one, which alone is chosen by age", () => {
    const s = structuredClone(memberStar2026);
    const i = s.categories.findIndex((c) => c.code !== "elderly");
    s.categories[i] = { ...s.categories[i]!, minAge: 70 };
    expect(validateScheme(s)).toContainEqual(expect.objectContaining({ code: "minAgeNotElderly", path: `categories.${i}.minAge` }));
  });
});
