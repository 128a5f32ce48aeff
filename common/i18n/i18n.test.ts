import { describe, expect, it } from "vitest";
import { fieldLabel, pickLocale, translate } from "./index.js";
import { catalogs } from "./catalogs.js";

describe("i18n", () => {
  it("prefers zh-CN unless English comes first", () => {
    expect(pickLocale(undefined)).toBe("zh-CN");
    expect(pickLocale("en-US,en;q=0.9")).toBe("en");
    expect(pickLocale("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(pickLocale("fr")).toBe("zh-CN");
  });
  it("interpolates and translates field labels", () => {
    expect(translate("zh-CN", "validation.required", { field: "field.username" })).toBe("「用户名」为必填项");
    expect(translate("en", "validation.required", { field: "field.username" })).toBe('"username" is required');
    expect(translate("zh-CN", "validation.required", { field: "field.unknownThing" })).toBe("「unknownThing」为必填项");
    expect(fieldLabel("zh-CN", "grant.role")).toBe("角色");
  });
  it("has the same keys in both languages", () => {
    const zh = Object.keys(catalogs["zh-CN"]).sort();
    const en = Object.keys(catalogs.en).sort();
    expect(zh.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !zh.includes(k))).toEqual([]);
  });
});
