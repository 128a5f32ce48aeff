import { describe, expect, it } from "vitest";
import { addYears, checkMember, chinaToday, isIsoDate, type MemberDraft } from "./member-rules.js";

const asOf = new Date("2026-03-02T01:00:00Z");
const base: MemberDraft = { name: "张三", idNumber: "34052419800101001x", joinedOn: "2005-07-01", phone: "138 1234 1234" };

function fieldsOf(draft: MemberDraft): Record<string, string> {
  const r = checkMember(draft, asOf);
  if (r.ok) return {};
  return Object.fromEntries(Object.entries(r.fields).map(([k, v]) => [k, v.key]));
}

describe("checkMember", () => {
  it("normalises a good record and takes birth date and gender from the ID number", () => {
    const r = checkMember(base, asOf);
    expect(r).toEqual({
      ok: true,
      value: {
        name: "张三",
        gender: "male",
        birthDate: "1980-01-01",
        idType: "prcId",
        idNumber: "34052419800101001X",
        phone: "13812341234",
        education: null,
        joinedOn: "2005-07-01",
        status: "full",
        probationEndsOn: null,
        mobileMember: false,
        mobileWorkplace: null,
      },
    });
  });

  it.each<[string, MemberDraft, Record<string, string>]>([
    ["bad check digit", { ...base, idNumber: "340524198001010011" }, { idNumber: "idcard.badCheckDigit" }],
    ["impossible birth date in the number", { ...base, idNumber: "340524198002300012" }, { idNumber: "idcard.badBirthDate" }],
    ["gender contradicting the number", { ...base, gender: "female" }, { gender: "member.genderMismatch" }],
    ["birth date contradicting the number", { ...base, birthDate: "1980-01-02" }, { birthDate: "member.birthDateMismatch" }],
    ["landline instead of a mobile", { ...base, phone: "0754-88881234" }, { phone: "phone.badMobile" }],
    ["short mobile", { ...base, phone: "1381234123" }, { phone: "phone.badMobile" }],
    ["joined before 18", { ...base, joinedOn: "1997-12-31" }, { joinedOn: "member.joinedTooYoung" }],
    ["joined in the future", { ...base, joinedOn: "2026-03-03" }, { joinedOn: "member.dateOutOfRange" }],
    ["joined on a date that does not exist", { ...base, joinedOn: "2005-02-30" }, { joinedOn: "member.badDate" }],
    ["no name", { ...base, name: "  " }, { name: "validation.required" }],
    ["digits in the name", { ...base, name: "张3" }, { name: "member.badName" }],
    ["unknown status", { ...base, status: "formal" }, { status: "member.badStatus" }],
    ["unknown education", { ...base, education: "phd" }, { education: "member.badEducation" }],
    ["probation ending before joining", { ...base, status: "probationary", probationEndsOn: "2005-01-01" }, { probationEndsOn: "member.probationBeforeJoin" }],
  ])("refuses %s", (_name, draft, expected) => {
    expect(fieldsOf(draft)).toEqual(expected);
  });

  it("reports every bad field at once", () => {
    expect(Object.keys(fieldsOf({ name: "", idNumber: "1", joinedOn: "x", phone: "abc" })).sort()).toEqual(["idNumber", "joinedOn", "name", "phone"]);
  });

  it("keeps legacy 15-digit and other documents as their own types, never converting them", () => {
    const legacy = checkMember({ ...base, idType: "prcLegacy15", idNumber: "340524800101001" }, asOf);
    expect(legacy.ok && legacy.value).toMatchObject({ idType: "prcLegacy15", idNumber: "340524800101001", birthDate: "1980-01-01", gender: "male" });
    const passport = checkMember({ ...base, idType: "passport", idNumber: "e12345678", gender: "female", birthDate: "1970-05-05" }, asOf);
    expect(passport.ok && passport.value).toMatchObject({ idType: "passport", idNumber: "E12345678", gender: "female" });
    expect(fieldsOf({ ...base, idType: "passport", idNumber: "E12345678" })).toEqual({ gender: "validation.required", birthDate: "validation.required" });
  });

  it("defaults the probation end to one year after joining", () => {
    const r = checkMember({ ...base, status: "probationary", joinedOn: "2025-06-30" }, asOf);
    expect(r.ok && r.value.probationEndsOn).toBe("2026-06-30");
  });

  it("keeps the workplace only for mobileMember members", () => {
    const r = checkMember({ ...base, mobileWorkplace: "深圳" }, asOf);
    expect(r.ok && r.value.mobileWorkplace).toBeNull();
    const m = checkMember({ ...base, mobileMember: true, mobileWorkplace: " 深圳市南山区 " }, asOf);
    expect(m.ok && m.value.mobileWorkplace).toBe("深圳市南山区");
  });
});

describe("dates", () => {
  it("knows real dates, China's today and leap years", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("2025-2-1")).toBe(false);
    expect(chinaToday(new Date("2026-03-01T16:30:00Z"))).toBe("2026-03-02");
    expect(addYears("2024-02-29", 1)).toBe("2025-02-28");
    expect(addYears("2024-02-29", 4)).toBe("2028-02-29");
  });
});
