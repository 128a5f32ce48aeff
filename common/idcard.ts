/**
 * Identity document numbers. GB 11643-1999 公民身份号码 and the documents that share its format.
 * The address code is deliberately not checked against GB/T 2260: a number keeps the code that was
 * valid at registration, and many of those codes have since been revoked or merged.
 */

export const ID_TYPES = [
  "prcId",
  "prcLegacy15",
  "hkMoTwResidence",
  "foreignPermanent",
  "passport",
  "other",
] as const;
/** The kind of document a number belongs to; stored beside the number, never inferred from it. */
export type IdType = (typeof ID_TYPES)[number];

export type Gender = "male" | "female";

/** Message keys (common/i18n/messages/pii.ts) for a rejected number. */
export type IdCardReason =
  | "idcard.empty"
  | "idcard.badLength"
  | "idcard.badCharacters"
  | "idcard.badPrefix"
  | "idcard.badBirthDate"
  | "idcard.badCheckDigit";

export interface IdParseOk {
  ok: true;
  idType: IdType;
  /** Canonical form: the value to store, hash and compare. */
  normalised: string;
  /** YYYY-MM-DD, only where the number encodes an unambiguous birth date. */
  birthDate?: string;
  gender?: Gender;
}

export interface IdParseError {
  ok: false;
  reason: IdCardReason;
}

export type IdParseResult = IdParseOk | IdParseError;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = "10X98765432";
const HK_MO_TW_PREFIXES = ["810000", "820000", "830000"] as const;
const MIN_BIRTH_DATE = "1900-01-01";
const PASSPORT_MIN = 5;
const PASSPORT_MAX = 20;
const OTHER_MAX = 32;

/**
 * ISO 7064 MOD 11-2 check character for the 17-digit body of an 18-digit number.
 * Throws a RangeError unless given exactly 17 ASCII digits (a programming error, not user input).
 */
export function computeCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError("computeCheckDigit needs exactly 17 ASCII digits");
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

/**
 * Validates and normalises a document number. Input is NFKC-folded (full-width digits and `Ｘ`
 * from Chinese IMEs become ASCII) and all whitespace is removed before checking.
 *
 * - `prcId`: 18 characters, 8-digit birth date that exists, is not before 1900-01-01 and not
 *   after `asOf` (calendar date in China), then the MOD 11-2 check digit; lowercase `x` → `X`.
 * - `prcLegacy15`: 15 digits, YYMMDD read as 19YY; no check digit; never converted to 18 digits.
 * - `hkMoTwResidence`: as `prcId`, and the first six digits must be 810000, 820000 or 830000.
 * - `foreignPermanent`: 2023 format = 18 characters starting with `9` with the MOD 11-2 check
 *   digit (the field layout inside is not relied on, so no birth date is returned); 2017 format =
 *   3 letters (nationality, ISO 3166-1 alpha-3) + 12 digits, shape only (no public check algorithm).
 * - `passport`: 5–20 letters or digits, upper-cased. `other`: 1–32 visible characters.
 *
 * Birth-date errors are reported before the check digit: a mistyped date also breaks the check
 * digit, and "the birth date is wrong" is the more useful message.
 */
export function parseIdNumber(input: string, idType: IdType, asOf: Date): IdParseResult {
  const value = squeeze(typeof input === "string" ? input : "");
  if (value === "") return fail("idcard.empty");
  switch (idType) {
    case "prcId":
      return parse18(value, idType, asOf);
    case "hkMoTwResidence":
      return parseHkMoTw(value, asOf);
    case "prcLegacy15":
      return parseLegacy15(value, asOf);
    case "foreignPermanent":
      return parseForeignPermanent(value);
    case "passport":
      return parsePassport(value);
    case "other":
      return parseOther(input);
    default:
      return assertNever(idType);
  }
}

function parse18(raw: string, idType: IdType, asOf: Date): IdParseResult {
  const value = raw.toUpperCase();
  if (value.length !== 18) return fail("idcard.badLength");
  if (!/^\d{17}[\dX]$/.test(value)) return fail("idcard.badCharacters");
  const birthDate = checkBirthDate(value.slice(6, 10), value.slice(10, 12), value.slice(12, 14), asOf);
  if (!birthDate) return fail("idcard.badBirthDate");
  if (computeCheckDigit(value.slice(0, 17)) !== value.charAt(17)) return fail("idcard.badCheckDigit");
  return { ok: true, idType, normalised: value, birthDate, gender: genderOf(value.charAt(16)) };
}

function parseHkMoTw(raw: string, asOf: Date): IdParseResult {
  if (raw.length === 18 && /^\d{6}/.test(raw) && !HK_MO_TW_PREFIXES.some((p) => raw.startsWith(p))) {
    return fail("idcard.badPrefix");
  }
  return parse18(raw, "hkMoTwResidence", asOf);
}

function parseLegacy15(value: string, asOf: Date): IdParseResult {
  if (value.length !== 15) return fail("idcard.badLength");
  if (!/^\d{15}$/.test(value)) return fail("idcard.badCharacters");
  const birthDate = checkBirthDate(`19${value.slice(6, 8)}`, value.slice(8, 10), value.slice(10, 12), asOf);
  if (!birthDate) return fail("idcard.badBirthDate");
  return { ok: true, idType: "prcLegacy15", normalised: value, birthDate, gender: genderOf(value.charAt(14)) };
}

function parseForeignPermanent(raw: string): IdParseResult {
  const value = raw.toUpperCase();
  if (value.length === 15) {
    if (!/^[A-Z]{3}\d{12}$/.test(value)) return fail("idcard.badCharacters");
    return { ok: true, idType: "foreignPermanent", normalised: value };
  }
  if (value.length === 18) {
    if (!/^\d{17}[\dX]$/.test(value)) return fail("idcard.badCharacters");
    if (!value.startsWith("9")) return fail("idcard.badPrefix");
    if (computeCheckDigit(value.slice(0, 17)) !== value.charAt(17)) return fail("idcard.badCheckDigit");
    return { ok: true, idType: "foreignPermanent", normalised: value };
  }
  return fail("idcard.badLength");
}

function parsePassport(raw: string): IdParseResult {
  const value = raw.toUpperCase();
  if (!/^[A-Z0-9]+$/.test(value)) return fail("idcard.badCharacters");
  if (value.length < PASSPORT_MIN || value.length > PASSPORT_MAX) return fail("idcard.badLength");
  return { ok: true, idType: "passport", normalised: value };
}

function parseOther(input: string): IdParseResult {
  // Inner spaces can be meaningful in other documents, so only runs of whitespace are collapsed.
  const value = input.normalize("NFKC").replace(/\s+/g, " ").trim();
  if (/\p{C}/u.test(value)) return fail("idcard.badCharacters");
  if ([...value].length > OTHER_MAX) return fail("idcard.badLength");
  return { ok: true, idType: "other", normalised: value };
}

/** Returns YYYY-MM-DD when the parts form a real date in [1900-01-01, asOf in China]. */
function checkBirthDate(yyyy: string, mm: string, dd: string, asOf: Date): string | undefined {
  const y = Number(yyyy);
  const m = Number(mm);
  const d = Number(dd);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  const iso = `${yyyy}-${mm}-${dd}`;
  if (iso < MIN_BIRTH_DATE || iso > chinaDate(asOf)) return undefined;
  return iso;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

// China Standard Time has been a fixed UTC+8 (no DST) since 1991, so no time-zone database is needed.
function chinaDate(asOf: Date): string {
  return new Date(asOf.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function genderOf(digit: string): Gender {
  return Number(digit) % 2 === 1 ? "male" : "female";
}

function squeeze(input: string): string {
  return input.normalize("NFKC").replace(/[\s\u200b-\u200d\ufeff]/g, "");
}

function fail(reason: IdCardReason): IdParseError {
  return { ok: false, reason };
}

function assertNever(value: never): never {
  throw new Error(`unhandled id type: ${String(value)}`);
}
