import { describe, expect, it } from "vitest";
import { defaultAgricultural, displayName, isValidPrefix, kindOf, levelOf, normaliseUserCode, parentCode, shortCode } from "./divisions.js";

describe("division codes", () => {
  it.each([
    ["440000000000", "44"],
    ["440500000000", "4405"],
    ["440514000000", "440514"],
    ["440514109000", "440514109"],
    ["440514109210", "440514109210"],
    ["4405", "4405"],
    ["44051410921", null],
    ["44x514109210", null],
    ["", null],
  ])("shortCode(%s) = %s", (input, expected) => {
    expect(shortCode(input)).toBe(expected);
  });

  it.each([
    ["440500", "4405"],
    ["440000", "44"],
    ["440514", "440514"],
    ["440514109", "440514109"],
    ["440514109210", "440514109210"],
    ["abc", null],
  ])("normaliseUserCode(%s) = %s", (input, expected) => {
    expect(normaliseUserCode(input)).toBe(expected);
  });

  it("knows levels and parents", () => {
    expect(levelOf("44")).toBe("province");
    expect(levelOf("440514109210")).toBe("village");
    expect(parentCode("440514109210")).toBe("440514109");
    expect(parentCode("440514")).toBe("4405");
    expect(parentCode("44")).toBeNull();
    expect(isValidPrefix("4405")).toBe(true);
    expect(isValidPrefix("44051")).toBe(false);
  });

  it.each([
    ["440514001", "峡山街道", "street"],
    ["440514109", "红场镇", "town"],
    ["440000250", "某乡", "township"],
    ["440000450", "某开发区", "quasiTown"],
    ["440514109001", "苏林居委会", "community"],
    ["440514109210", "大溪坝村委会", "rural"],
    ["440514109450", "某农场", "quasiVillage"],
    ["440523", "南澳县", "county"],
    ["445381", "罗定市", "cityDistrict"],
    ["440514", "潮南区", "district"],
  ])("kindOf(%s %s) = %s (from the digits)", (code, name, kind) => {
    expect(kindOf(code, name)).toBe(kind);
  });

  it.each([
    ["440514109210", "大溪坝村委会", "大溪坝村"],
    ["440514109210", "大溪坝村民委员会", "大溪坝村"],
    ["440512005004", "东陇居委会", "东陇社区"],
    ["440512005004", "东陇社区居委会", "东陇社区"],
    ["440514109", "红场镇", "红场镇"],
  ])("displayName(%s, %s) = %s", (code, official, expected) => {
    expect(displayName(code, official)).toBe(expected);
  });

  it("defaults 涉农 per PRACTICE §6.4", () => {
    expect(defaultAgricultural("town", false)).toBe(true);
    expect(defaultAgricultural("street", true)).toBe(true);
    expect(defaultAgricultural("street", false)).toBe(false);
    expect(defaultAgricultural("community", false)).toBe(false);
    expect(defaultAgricultural("rural", false)).toBe(true);
  });
});
