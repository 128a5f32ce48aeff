import { describe, expect, it } from "vitest";
import { catalogs } from "../../../../common/i18n/catalogs.js";
import { ratingMessages } from "../../../../common/i18n/messages/rating.js";
import { FACT_PROBLEM_CODES, SCHEME_PROBLEM_CODES } from "./types.js";
import { VETO_EFFECTS } from "./schema.js";
import { catalogsHave } from "./messages.testkit.js";

describe("rating messages", () => {
  it("has the same keys in zh-CN and en, with the same placeholders", () => {
    const zh = ratingMessages["zh-CN"];
    const en = ratingMessages.en;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (s: string | undefined): string[] => [...(s ?? "").matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? "").sort();
    for (const key of Object.keys(zh)) expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
  });

  it("covers every problem code, fact code, formula error and veto effect", () => {
    const keys = [
      ...SCHEME_PROBLEM_CODES.map((c) => `rating.problem.${c}`),
      ...FACT_PROBLEM_CODES.map((c) => `rating.fact.${c}`),
      ...["tooLong", "tooDeep", "unexpectedChar", "unexpectedToken", "unexpectedEnd", "badNumber", "unknownFunction", "arity"].map((c) => `rating.formula.${c}`),
      ...VETO_EFFECTS.map((e) => `rating.note.veto.${e}`),
    ];
    expect(catalogsHave(keys)).toEqual([]);
  });

  it("does not redefine another domain's keys with a different text", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      for (const [key, text] of Object.entries(ratingMessages[locale])) {
        const other = catalogs[locale][key];
        if (other !== undefined) expect(other, key).toBe(text);
      }
    }
  });
});
