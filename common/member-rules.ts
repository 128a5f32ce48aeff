/**
 * The rules a party member's record must satisfy, shared by the HTTP endpoints, the Excel import
 * and the web forms, so a field is refused with the same zh-CN message wherever it is typed.
 * Pure: "today" comes in as an argument.
 */
import type { MessageRef } from "./errors.js";
import { ID_TYPES, parseIdNumber, type IdType } from "./idcard.js";
import { parsePhone } from "./phone.js";
import { EDUCATION_LEVELS, GENDERS, MEMBER_STATUSES, type Education, type MemberGender, type MemberStatus } from "./party.js";

/** A member as typed: every field optional text (forms and spreadsheet cells). */
export interface MemberDraft {
  name?: string | null | undefined;
  gender?: string | null | undefined;
  birthDate?: string | null | undefined;
  idType?: string | null | undefined;
  idNumber?: string | null | undefined;
  phone?: string | null | undefined;
  education?: string | null | undefined;
  joinedOn?: string | null | undefined;
  status?: string | null | undefined;
  probationEndsOn?: string | null | undefined;
  mobileMember?: boolean | null | undefined;
  mobileWorkplace?: string | null | undefined;
}

/** A member that passed every rule, normalised (ID upper-cased, phone 11 digits, dates ISO). */
export interface MemberFacts {
  name: string;
  gender: MemberGender;
  birthDate: string;
  idType: IdType;
  idNumber: string;
  phone: string | null;
  education: Education | null;
  joinedOn: string;
  status: MemberStatus;
  probationEndsOn: string | null;
  mobileMember: boolean;
  mobileWorkplace: string | null;
}

export type MemberField = keyof MemberDraft;
export type MemberCheck = { ok: true; value: MemberFacts } | { ok: false; fields: Partial<Record<MemberField, MessageRef>> };

export const NAME_MAX = 50;
export const WORKPLACE_MAX = 100;
/** The party constitution: members join at 18 or older. */
export const MIN_JOIN_AGE = 18;
const EARLIEST = "1900-01-01";

/** Today's calendar date in China (UTC+8, no DST since 1991). */
export function chinaToday(asOf: Date): string {
  return new Date(asOf.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** `date` plus whole years; 29 February becomes 28 February in a common year. */
export function addYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${String(y).padStart(4, "0")}-${md === "02-29" && !leap ? "02-28" : md}`;
}

/** Label keys; `status` and the flag get specific labels so they never clash with other modules' fields. */
const LABEL: Partial<Record<MemberField, string>> = { status: "field.memberStatus", mobileMember: "field.mobileMember" };

function ref(key: string, field: MemberField, params: Record<string, string | number> = {}): MessageRef {
  return { key, params: { field: LABEL[field] ?? `field.${field}`, ...params } };
}

function text(v: string | null | undefined): string {
  return typeof v === "string" ? v.normalize("NFKC").trim() : "";
}

function oneOf<T extends string>(v: string, options: readonly T[]): T | undefined {
  return (options as readonly string[]).includes(v) ? (v as T) : undefined;
}

/**
 * Checks a member draft against every rule and returns the normalised facts, or a message per
 * bad field (all of them, so a form or a spreadsheet row shows every problem at once). An ID
 * number that encodes a birth date and gender must agree with them; when they are left empty
 * they are taken from the number.
 */
export function checkMember(draft: MemberDraft, asOf: Date): MemberCheck {
  const today = chinaToday(asOf);
  const fields: Partial<Record<MemberField, MessageRef>> = {};

  const name = text(draft.name).replace(/\s+/g, " ");
  if (!name) fields.name = ref("validation.required", "name");
  else if ([...name].length > NAME_MAX) fields.name = ref("validation.tooLong", "name", { max: NAME_MAX });
  else if (/[\d\p{C}]/u.test(name)) fields.name = ref("member.badName", "name");

  const idType = oneOf(text(draft.idType) || "prcId", ID_TYPES);
  if (!idType) fields.idType = ref("member.badIdType", "idType");
  let idNumber = "";
  let idBirth: string | undefined;
  let idGender: MemberGender | undefined;
  if (idType) {
    const parsed = parseIdNumber(text(draft.idNumber), idType, asOf);
    if (parsed.ok) {
      idNumber = parsed.normalised;
      idBirth = parsed.birthDate;
      idGender = parsed.gender;
    } else fields.idNumber = ref(parsed.reason, "idNumber");
  }

  let gender: MemberGender | undefined;
  const genderText = text(draft.gender);
  if (genderText) {
    gender = oneOf(genderText, GENDERS);
    if (!gender) fields.gender = ref("member.badGender", "gender");
    else if (idGender && gender !== idGender) fields.gender = ref("member.genderMismatch", "gender");
  } else if (idGender) gender = idGender;
  else if (!fields.idNumber) fields.gender = ref("validation.required", "gender");

  let birthDate: string | undefined;
  const birthText = text(draft.birthDate);
  if (birthText) {
    if (!isIsoDate(birthText)) fields.birthDate = ref("member.badDate", "birthDate");
    else if (birthText < EARLIEST || birthText > today) fields.birthDate = ref("member.dateOutOfRange", "birthDate");
    else if (idBirth && birthText !== idBirth) fields.birthDate = ref("member.birthDateMismatch", "birthDate");
    else birthDate = birthText;
  } else if (idBirth) birthDate = idBirth;
  else if (!fields.idNumber) fields.birthDate = ref("validation.required", "birthDate");

  let phone: string | null = null;
  const phoneText = text(draft.phone);
  if (phoneText) {
    const parsed = parsePhone(phoneText);
    if (!parsed.ok) fields.phone = ref(parsed.reason, "phone");
    else if (parsed.kind !== "mobile") fields.phone = ref("phone.badMobile", "phone");
    else phone = parsed.normalised;
  }

  let education: Education | null = null;
  const educationText = text(draft.education);
  if (educationText) {
    const e = oneOf(educationText, EDUCATION_LEVELS);
    if (!e) fields.education = ref("member.badEducation", "education");
    else education = e;
  }

  let joinedOn: string | undefined;
  const joinedText = text(draft.joinedOn);
  if (!joinedText) fields.joinedOn = ref("validation.required", "joinedOn");
  else if (!isIsoDate(joinedText)) fields.joinedOn = ref("member.badDate", "joinedOn");
  else if (joinedText < EARLIEST || joinedText > today) fields.joinedOn = ref("member.dateOutOfRange", "joinedOn");
  else if (birthDate && joinedText < addYears(birthDate, MIN_JOIN_AGE)) fields.joinedOn = ref("member.joinedTooYoung", "joinedOn", { age: MIN_JOIN_AGE });
  else joinedOn = joinedText;

  const status = oneOf(text(draft.status) || "full", MEMBER_STATUSES);
  if (!status) fields.status = ref("member.badStatus", "status");
  let probationEndsOn: string | null = null;
  const probationText = text(draft.probationEndsOn);
  if (status === "probationary") {
    if (!probationText) probationEndsOn = joinedOn ? addYears(joinedOn, 1) : null;
    else if (!isIsoDate(probationText)) fields.probationEndsOn = ref("member.badDate", "probationEndsOn");
    else if (joinedOn && probationText <= joinedOn) fields.probationEndsOn = ref("member.probationBeforeJoin", "probationEndsOn");
    else probationEndsOn = probationText;
  }

  const mobileMember = draft.mobileMember === true;
  const workplace = text(draft.mobileWorkplace);
  if (workplace && [...workplace].length > WORKPLACE_MAX) fields.mobileWorkplace = ref("validation.tooLong", "mobileWorkplace", { max: WORKPLACE_MAX });

  if (Object.keys(fields).length > 0 || !idType || !gender || !birthDate || !joinedOn || !status) {
    return { ok: false, fields };
  }
  return {
    ok: true,
    value: {
      name,
      gender,
      birthDate,
      idType,
      idNumber,
      phone,
      education,
      joinedOn,
      status,
      probationEndsOn: status === "probationary" ? probationEndsOn : null,
      mobileMember,
      mobileWorkplace: mobileMember && workplace ? workplace : null,
    },
  };
}
