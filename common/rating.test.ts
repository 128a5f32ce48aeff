import { describe, expect, it } from "vitest";
import { suggestCategory } from "./rating.js";

describe("suggestCategory", () => {
  it.each([
    [{ kind: "rural", divisionCode: "440514109210", lastStars: null }, "rural", "kind"],
    [{ kind: "community", divisionCode: "440507001001", lastStars: 4 }, "urban", "kind"],
    [{ kind: "rural", divisionCode: "440523100201", lastStars: 3 }, "island", "island"],
    [{ kind: "community", divisionCode: "440523100001", lastStars: 1 }, "rectify", "lowStars"],
    [{ kind: "rural", divisionCode: null, lastStars: 0 }, "rectify", "lowStars"],
  ] as const)("%o → %s", (v, category, because) => {
    expect(suggestCategory(v)).toEqual({ category, because });
  });
});
