import { describe, expect, it } from "vitest";
import { piiMessages } from "./i18n/messages/pii.js";
import { parsePhone, type PhoneReason } from "./phone.js";

const mobile = (normalised: string) => ({ ok: true, kind: "mobile", normalised });
const landline = (normalised: string, areaCode: string, extension?: string) => ({
  ok: true,
  kind: "landline",
  normalised,
  areaCode,
  ...(extension ? { extension } : {}),
});
const error = (reason: string) => ({ ok: false, reason });

describe("parsePhone", () => {
  it.each<[string, Record<string, unknown>]>([
    ["13812341234", mobile("13812341234")],
    ["138 1234 1234", mobile("13812341234")],
    ["138-1234-1234", mobile("13812341234")],
    ["+86 138 1234 1234", mobile("13812341234")],
    ["+8613812341234", mobile("13812341234")],
    ["0086 13812341234", mobile("13812341234")],
    ["(+86) 138-1234-1234", mobile("13812341234")],
    ["8613812341234", mobile("13812341234")],
    ["１３８１２３４１２３４", mobile("13812341234")],
    ["19912341234", mobile("19912341234")],
    ["12812341234", error("phone.badMobile")],
    ["1381234123", error("phone.badMobile")],
    ["138123412345", error("phone.badMobile")],
    ["13812341234 转 8", error("phone.badMobile")],
    ["0754-88881234", landline("0754-88881234", "0754")],
    ["(0754) 8888 1234", landline("0754-88881234", "0754")],
    ["0754 8888123", landline("0754-8888123", "0754")],
    ["010-88881234", landline("010-88881234", "010")],
    ["020 8888 1234", landline("020-88881234", "020")],
    ["+86 754 8888 1234", landline("0754-88881234", "0754")],
    ["+86 10 8888 1234", landline("010-88881234", "010")],
    ["0754-88881234-801", landline("0754-88881234-801", "0754", "801")],
    ["0754-88881234转801", landline("0754-88881234-801", "0754", "801")],
    ["0754-88881234 分机 801", landline("0754-88881234-801", "0754", "801")],
    ["0754-88881234 ext. 801", landline("0754-88881234-801", "0754", "801")],
    ["0754-88881234#801", landline("0754-88881234-801", "0754", "801")],
    ["0754-8888-1234", landline("0754-88881234", "0754")],
    ["88881234", error("phone.missingAreaCode")],
    ["8888123", error("phone.missingAreaCode")],
    ["0754-888812", error("phone.badLandline")],
    ["0754-088881234", error("phone.badLandline")],
    ["0754-18881234", error("phone.badLandline")],
    ["00754-88881234", error("phone.badLandline")],
    ["0754-88881234 转 ", error("phone.badCharacters")],
    ["0754-88881234 转 1234567", error("phone.badCharacters")],
    ["138abc41234", error("phone.badCharacters")],
    ["138+1234+1234", error("phone.badCharacters")],
    ["+1 415 555 0100", error("phone.badCharacters")],
    ["", error("phone.empty")],
    ["   ", error("phone.empty")],
  ])("%j", (input, expected) => {
    expect(parsePhone(input)).toEqual(expected);
  });
});

describe("messages", () => {
  const reasons: Record<PhoneReason, true> = {
    "phone.empty": true,
    "phone.badCharacters": true,
    "phone.badMobile": true,
    "phone.badLandline": true,
    "phone.missingAreaCode": true,
  };

  it.each(Object.keys(reasons))("%s has zh-CN and en text", (key) => {
    expect(piiMessages["zh-CN"][key]).toBeTruthy();
    expect(piiMessages.en[key]).toBeTruthy();
  });
});
