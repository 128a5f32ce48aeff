import { describe, expect, it } from "vitest";
import { asSchemeBody, errorsUnder, indicatorPath, starsOf, withMethod, withSource, type SchemeIndicator } from "./scheme-types.js";

const manual: SchemeIndicator = { code: "org.duty", name: "述职评议", method: "manual", maxPoints: 7, evidence: "optional", source: "manual", roles: ["self", "town"] };

describe("scheme editor helpers", () => {
  it("puts the server's field errors on the indicator they name", () => {
    const fields = {
      "body.dimensions.1.indicators.0.cap": "上限 0.5 分低于单次分值 0.75 分",
      "body.dimensions.1.indicators.0.categoryOverrides.island.cap": "上限低于单次分值",
      "body.dimensions.1.indicators.10.target": "not this one",
      "body.dimensions.1.indicators.0": "whole indicator",
      "body.evaluators": "权重合计 1.3",
    };
    expect(errorsUnder(fields, indicatorPath(1, 0))).toEqual({
      cap: "上限 0.5 分低于单次分值 0.75 分",
      "categoryOverrides.island.cap": "上限低于单次分值",
      "": "whole indicator",
    });
    expect(errorsUnder(fields, "body.evaluators")).toEqual({ "": "权重合计 1.3" });
  });

  it("switching method keeps only the new method's fields (the server's schema is strict)", () => {
    const perEvent = withMethod(manual, "perEvent");
    expect(perEvent).toMatchObject({ method: "perEvent", perEvent: 1, cap: 7 });
    const ratio = withMethod(perEvent, "ratio");
    expect(ratio).toMatchObject({ method: "ratio", target: 1 });
    expect(ratio).not.toHaveProperty("perEvent");
    expect(ratio).not.toHaveProperty("cap");
    const formula = withMethod(ratio, "formula");
    expect(formula).toMatchObject({ method: "formula", source: "auto", expression: "0", inputs: [] });
    expect(formula).not.toHaveProperty("target");
    expect(withMethod(formula, "bands")).toMatchObject({ method: "bands", bands: [{ min: 1, points: 7 }] });
  });

  it("switching source pairs auto with a metric and manual with scoring roles", () => {
    const auto = withSource(manual, "auto");
    expect(auto).toMatchObject({ source: "auto", metric: "" });
    expect(auto).not.toHaveProperty("roles");
    const back = withSource({ ...auto, metric: "orgLife.heldRate" }, "manual");
    expect(back).toMatchObject({ source: "manual", roles: ["town"] });
    expect(back).not.toHaveProperty("metric");
  });

  it("reads star counts from grade names", () => {
    expect(["五星", "四星", "三星", "二星", "一星", "无星", "3星", "优秀", null].map(starsOf)).toEqual([5, 4, 3, 2, 1, 0, 3, null, null]);
  });

  it("reads a partial body without throwing and keeps unknown fields", () => {
    const b = asSchemeBody({ code: "fortress", year: 2026, extra: 1 });
    expect(b.dimensions).toEqual([]);
    expect(b.grading.model).toBe("bands");
    expect((b as unknown as { extra: number }).extra).toBe(1);
  });
});
