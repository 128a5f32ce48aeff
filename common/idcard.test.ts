import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { piiMessages } from "./i18n/messages/pii.js";
import {
  computeCheckDigit,
  ID_TYPES,
  parseIdNumber,
  type IdCardReason,
  type IdParseResult,
  type IdType,
} from "./idcard.js";

const asOf = new Date("2026-03-02T01:00:00Z");

function ok(normalised: string, extra: Partial<Extract<IdParseResult, { ok: true }>> = {}) {
  return { ok: true, normalised, ...extra };
}

describe("computeCheckDigit", () => {
  it.each([
    ["34052419800101001", "X"],
    ["11010519491231002", "X"], // the example printed in GB 11643-1999
    ["44052418800101001", "4"],
    ["11010520000229123", "5"],
  ])("%s → %s", (body, digit) => {
    expect(computeCheckDigit(body)).toBe(digit);
  });

  it.each(["", "1234567890123456", "123456789012345678", "3405241980010100X", "３４０５２４１９８００１０１００１"])(
    "refuses %j",
    (body) => {
      expect(() => computeCheckDigit(body)).toThrow(RangeError);
    },
  );
});

describe("parseIdNumber: prcId", () => {
  it.each<[string, Record<string, unknown>]>([
    ["34052419800101001X", ok("34052419800101001X", { birthDate: "1980-01-01", gender: "male" })],
    ["34052419800101001x", ok("34052419800101001X", { birthDate: "1980-01-01", gender: "male" })],
    [" 3405 2419 8001 0100 1X ", ok("34052419800101001X")],
    ["３４０５２４１９８００１０１００１Ｘ", ok("34052419800101001X")], // full-width from a Chinese IME
    ["11010519491231002X", ok("11010519491231002X", { birthDate: "1949-12-31", gender: "female" })],
    ["110105200002291235", ok("110105200002291235", { birthDate: "2000-02-29", gender: "male" })],
    ["", { ok: false, reason: "idcard.empty" }],
    ["   ", { ok: false, reason: "idcard.empty" }],
    ["34052419800101001", { ok: false, reason: "idcard.badLength" }],
    ["34052419800101001X1", { ok: false, reason: "idcard.badLength" }],
    ["340524198001010010X", { ok: false, reason: "idcard.badLength" }],
    ["3405241980010100XX", { ok: false, reason: "idcard.badCharacters" }],
    ["34052419800101-01X", { ok: false, reason: "idcard.badCharacters" }],
    ["X4052419800101001X", { ok: false, reason: "idcard.badCharacters" }],
    ["110105190002291239", { ok: false, reason: "idcard.badBirthDate" }], // 1900 is not a leap year
    ["110105200102291230", { ok: false, reason: "idcard.badBirthDate" }], // 2001 is not a leap year
    ["340524198013010010", { ok: false, reason: "idcard.badBirthDate" }], // month 13
    ["340524198000010010", { ok: false, reason: "idcard.badBirthDate" }], // month 00
    ["340524198004310010", { ok: false, reason: "idcard.badBirthDate" }], // 31 April
    ["440524188001010014", { ok: false, reason: "idcard.badBirthDate" }], // valid digit, born 1880
    ["340524202603030010", { ok: false, reason: "idcard.badBirthDate" }], // after asOf
  ])("%j", (input, expected) => {
    expect(parseIdNumber(input, "prcId", asOf)).toMatchObject(expected);
  });

  it("accepts a birth date equal to asOf's date in China, even when UTC is still the day before", () => {
    const body = `34052420260302001`;
    const id = body + computeCheckDigit(body);
    expect(parseIdNumber(id, "prcId", new Date("2026-03-01T16:00:00Z"))).toMatchObject({ ok: true });
    expect(parseIdNumber(id, "prcId", new Date("2026-03-01T15:59:59Z"))).toMatchObject({
      ok: false,
      reason: "idcard.badBirthDate",
    });
  });

  it("rejects every wrong check character of 34052419800101001X", () => {
    const wrong = "0123456789".split("");
    for (const c of wrong) {
      expect(parseIdNumber(`34052419800101001${c}`, "prcId", asOf)).toEqual({
        ok: false,
        reason: "idcard.badCheckDigit",
      });
    }
  });

  it("reads the gender from the parity of the 17th digit", () => {
    for (let d = 0; d <= 9; d++) {
      const body = `3405241980010100${d}`;
      const result = parseIdNumber(body + computeCheckDigit(body), "prcId", asOf);
      expect(result).toMatchObject({ ok: true, gender: d % 2 === 1 ? "male" : "female" });
    }
  });

  it("property: the computed check character parses, every other final character does not", () => {
    const day = 86_400_000;
    const first = Date.UTC(1900, 0, 1);
    const last = Date.UTC(2026, 2, 2);
    const body = fc
      .record({
        address: fc.integer({ min: 110000, max: 829999 }),
        born: fc.integer({ min: 0, max: Math.floor((last - first) / day) }),
        sequence: fc.integer({ min: 0, max: 999 }),
      })
      .map(({ address, born, sequence }) => {
        const date = new Date(first + born * day).toISOString().slice(0, 10).replaceAll("-", "");
        return `${address}${date}${String(sequence).padStart(3, "0")}`;
      });
    fc.assert(
      fc.property(body, (b) => {
        const check = computeCheckDigit(b);
        if (!parseIdNumber(b + check, "prcId", asOf).ok) return false;
        return "0123456789X".split("").every((c) => c === check || !parseIdNumber(b + c, "prcId", asOf).ok);
      }),
      { numRuns: 500, seed: 11643 },
    );
  });
});

describe("parseIdNumber: other document types", () => {
  it.each<[IdType, string, Record<string, unknown>]>([
    ["prcLegacy15", "340524800101001", ok("340524800101001", { birthDate: "1980-01-01", gender: "male" })],
    ["prcLegacy15", "340524960229002", ok("340524960229002", { birthDate: "1996-02-29", gender: "female" })],
    ["prcLegacy15", "34052419800101001X", { ok: false, reason: "idcard.badLength" }],
    ["prcLegacy15", "34052480010100X", { ok: false, reason: "idcard.badCharacters" }],
    ["prcLegacy15", "340524970229001", { ok: false, reason: "idcard.badBirthDate" }],
    ["hkMoTwResidence", "810000199408230021", ok("810000199408230021", { birthDate: "1994-08-23", gender: "female" })],
    ["hkMoTwResidence", "34052419800101001X", { ok: false, reason: "idcard.badPrefix" }],
    ["hkMoTwResidence", "810000199408230022", { ok: false, reason: "idcard.badCheckDigit" }],
    ["hkMoTwResidence", "81000019940823002", { ok: false, reason: "idcard.badLength" }],
    ["foreignPermanent", "911015202301010014", ok("911015202301010014")],
    ["foreignPermanent", "911015202301010015", { ok: false, reason: "idcard.badCheckDigit" }],
    ["foreignPermanent", "34052419800101001X", { ok: false, reason: "idcard.badPrefix" }],
    ["foreignPermanent", "usa330680120011", ok("USA330680120011")],
    ["foreignPermanent", "US1330680120011", { ok: false, reason: "idcard.badCharacters" }],
    ["foreignPermanent", "USA33068012001", { ok: false, reason: "idcard.badLength" }],
    ["passport", "e 1234 5678", ok("E12345678")],
    ["passport", "E1234", ok("E1234")],
    ["passport", "E123", { ok: false, reason: "idcard.badLength" }],
    ["passport", "E12345678901234567890", { ok: false, reason: "idcard.badLength" }],
    ["passport", "E1234-5678", { ok: false, reason: "idcard.badCharacters" }],
    ["other", "  军官证  第 0012 号 ", ok("军官证 第 0012 号")],
    ["other", "a".repeat(33), { ok: false, reason: "idcard.badLength" }],
    ["other", "abc\u0007", { ok: false, reason: "idcard.badCharacters" }],
    ["other", " \t ", { ok: false, reason: "idcard.empty" }],
  ])("%s %j", (idType, input, expected) => {
    expect(parseIdNumber(input, idType, asOf)).toMatchObject({ ...expected, ...(expected.ok ? { idType } : {}) });
  });

  it("reads a legacy 15-digit 000229 as 1900-02-29, which does not exist", () => {
    expect(parseIdNumber("340524000229002", "prcLegacy15", asOf)).toEqual({
      ok: false,
      reason: "idcard.badBirthDate",
    });
  });

  it("never returns a birth date or gender for foreign permanent residence numbers", () => {
    const result = parseIdNumber("911015202301010014", "foreignPermanent", asOf);
    expect(result).toEqual({ ok: true, idType: "foreignPermanent", normalised: "911015202301010014" });
  });
});

describe("messages", () => {
  // A Record over the union makes tsc fail when a new reason has no entry here.
  const reasons: Record<IdCardReason, true> = {
    "idcard.empty": true,
    "idcard.badLength": true,
    "idcard.badCharacters": true,
    "idcard.badPrefix": true,
    "idcard.badBirthDate": true,
    "idcard.badCheckDigit": true,
  };
  const keys = [...Object.keys(reasons), ...ID_TYPES.map((t) => `idcard.type.${t}`)];

  it.each(keys)("%s has zh-CN and en text", (key) => {
    expect(piiMessages["zh-CN"][key]).toBeTruthy();
    expect(piiMessages.en[key]).toBeTruthy();
  });
});
