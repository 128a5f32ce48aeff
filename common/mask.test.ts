import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskGeneric, maskIdNumber, maskName, maskPhone } from "./mask.js";

describe("maskPhone", () => {
  it.each<[string | null | undefined, string]>([
    ["13812341234", "138****1234"],
    ["+86 138-1234-1234", "138****1234"],
    ["0754-88881234", "0754-****1234"],
    ["0754-8888123", "0754-***8123"],
    ["0754-88881234-801", "0754-****1234"],
    ["010 8888 1234", "010-****1234"],
    ["88881234", "88****34"],
    ["12345", "****5"],
    ["12", "**"],
    ["", ""],
    [null, ""],
    [undefined, ""],
    ["  ", ""],
    ["not a phone at all", "not*******tall"],
  ])("%j → %j", (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });
});

describe("maskIdNumber", () => {
  it.each<[string | null | undefined, string]>([
    ["34052419800101001X", "3405**********001X"],
    ["34052419800101001x", "3405**********001X"],
    [" 340524 19800101 001X ", "3405**********001X"],
    ["340524800101001", "3405********001"],
    ["USA330680120011", "USA3********011"],
    ["E12345678", "E1*****78"],
    ["E1234", "****4"],
    ["AB", "**"],
    ["", ""],
    [null, ""],
  ])("%j → %j", (input, expected) => {
    expect(maskIdNumber(input)).toBe(expected);
  });

  it("never shows any birth-date digit of an 18-digit number", () => {
    const masked = maskIdNumber("34052419800101001X");
    expect(masked.slice(6, 14)).toBe("********");
  });
});

describe("maskName", () => {
  it.each<[string | null | undefined, string]>([
    ["张三", "张*"],
    ["张小三", "张*三"],
    ["欧阳小明", "欧**明"],
    ["  李  四 ", "李*"],
    ["张 小 三", "张*三"],
    ["A B", "A *"],
    ["A·B", "A·*"],
    ["王", "*"],
    ["阿依古丽·买买提", "阿***·**提"],
    ["John Smith", "J*** ****h"],
    ["", ""],
    [null, ""],
    [undefined, ""],
  ])("%j → %j", (input, expected) => {
    expect(maskName(input)).toBe(expected);
  });
});

describe("maskGeneric", () => {
  it.each([
    ["", ""],
    ["a", "*"],
    ["ab", "**"],
    ["abc", "**c"],
    ["abcdef", "*****f"],
    ["abcdefg", "ab***fg"],
    ["abcdefghij", "ab******ij"],
    ["abcdefghijk", "abc****hijk"],
  ])("%j → %j", (input, expected) => {
    expect(maskGeneric(input)).toBe(expected);
  });
});

describe("totality", () => {
  it("never throws and keeps the character count, for any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite", maxLength: 40 }), (s) => {
        for (const mask of [maskPhone, maskIdNumber, maskName, maskGeneric]) expect(typeof mask(s)).toBe("string");
        expect([...maskGeneric(s)].length).toBe([...s].length);
        return true;
      }),
      { numRuns: 300, seed: 35273 },
    );
  });

  it("tolerates non-string values that slip through untyped JavaScript", () => {
    const odd = [42, {}, [], true] as unknown as string[];
    for (const v of odd) {
      expect(() => [maskPhone(v), maskIdNumber(v), maskName(v), maskGeneric(v)]).not.toThrow();
    }
  });
});
