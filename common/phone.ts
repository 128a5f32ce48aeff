/**
 * Mainland China phone numbers as residents type them: mobiles (11 digits, 1[3-9]…) and
 * landlines (area code + 7–8 digit local number, optional extension). Service numbers
 * (400/800/95xxx/12345) and numbers outside mainland China are not accepted.
 */

export type PhoneKind = "mobile" | "landline";

/** Message keys (common/i18n/messages/pii.ts) for a rejected number. */
export type PhoneReason =
  | "phone.empty"
  | "phone.badCharacters"
  | "phone.badMobile"
  | "phone.badLandline"
  | "phone.missingAreaCode";

export interface MobileOk {
  ok: true;
  kind: "mobile";
  /** 11 digits, no country code. */
  normalised: string;
}

export interface LandlineOk {
  ok: true;
  kind: "landline";
  /** `0754-88881234`, or `0754-88881234-801` with an extension. */
  normalised: string;
  areaCode: string;
  extension?: string;
}

export interface PhoneError {
  ok: false;
  reason: PhoneReason;
}

export type PhoneParseResult = MobileOk | LandlineOk | PhoneError;

const MOBILE = /^1[3-9]\d{9}$/;
// 010 and 02x are the only 3-digit area codes; every other area code has 4 digits (0 + 3).
const AREA_CODE = /^0(?:10|2\d|[3-9]\d{2})/;
const LOCAL_NUMBER = /^[2-9]\d{6,7}$/;
const EXTENSION = /^\d{1,6}$/;
// Explicit extension markers; a trailing `-801` group is handled separately.
const EXTENSION_MARKER = /(?:转|分机|ext\.?|x|#|,)/i;

/**
 * Parses a phone number. Accepts `+86`, `0086` and `(+86)` prefixes, spaces, dashes, dots and
 * brackets; full-width characters are folded first. With a country code, a landline may drop the
 * area code's leading 0 (`+86 754 8888 1234`). Mobiles normalise to 11 digits; landlines to
 * `area-local[-extension]`.
 */
export function parsePhone(input: string): PhoneParseResult {
  const folded = (typeof input === "string" ? input : "").normalize("NFKC").trim();
  if (folded === "") return fail("phone.empty");

  const [main = "", ext, ...more] = folded.split(EXTENSION_MARKER).map((s) => s.trim());
  if (more.length > 0 || (ext !== undefined && !EXTENSION.test(ext))) return fail("phone.badCharacters");
  if (!/^[\d\s\-+.()]+$/.test(main)) return fail("phone.badCharacters");

  const groups = main
    .split(/[\s\-.()]+/)
    .filter((g) => g !== "");
  const international = /^(?:\+|00)86/.test(groups.join(""));
  if (/\+/.test(main) && !international) return fail("phone.badCharacters");

  const whole = stripCountry(groups.join(""), international);
  const result = classify(whole, international);
  if (result.ok || ext !== undefined || groups.length < 2) return withExtension(result, ext);

  // `0754-88881234-801`: the last group may be an extension when the rest is a valid landline.
  const last = groups[groups.length - 1] ?? "";
  const rest = stripCountry(groups.slice(0, -1).join(""), international);
  const withoutLast = classify(rest, international);
  if (withoutLast.ok && withoutLast.kind === "landline" && EXTENSION.test(last)) {
    return withExtension(withoutLast, last);
  }
  return result;
}

function stripCountry(digits: string, international: boolean): string {
  if (!international) return digits;
  return digits.replace(/^(?:\+|00)86/, "");
}

function classify(digits: string, international: boolean): PhoneParseResult {
  if (!/^\d+$/.test(digits)) return fail("phone.badCharacters");
  // Beijing's area code 010 without its 0 (`+86 10 …`) is the one landline that starts with 1.
  const beijing = international && digits.startsWith("10");
  if (digits.startsWith("1") && !beijing) return MOBILE.test(digits) ? mobile(digits) : fail("phone.badMobile");
  // Spreadsheet exports often drop the `+` of `+86`; with a mobile after it this is unambiguous.
  if (!international && /^861/.test(digits) && MOBILE.test(digits.slice(2))) return mobile(digits.slice(2));
  // In international form the area code's trunk prefix 0 is dropped.
  const national = international && !digits.startsWith("0") ? `0${digits}` : digits;
  if (!national.startsWith("0")) {
    return LOCAL_NUMBER.test(national) ? fail("phone.missingAreaCode") : fail("phone.badLandline");
  }
  const area = AREA_CODE.exec(national)?.[0];
  if (!area) return fail("phone.badLandline");
  const local = national.slice(area.length);
  if (!LOCAL_NUMBER.test(local)) return fail("phone.badLandline");
  return { ok: true, kind: "landline", normalised: `${area}-${local}`, areaCode: area };
}

function mobile(digits: string): MobileOk {
  return { ok: true, kind: "mobile", normalised: digits };
}

function withExtension(result: PhoneParseResult, ext: string | undefined): PhoneParseResult {
  if (ext === undefined || !result.ok) return result;
  if (result.kind === "mobile") return fail("phone.badMobile");
  return { ...result, normalised: `${result.normalised}-${ext}`, extension: ext };
}

function fail(reason: PhoneReason): PhoneError {
  return { ok: false, reason };
}
