import { ID_TYPES, parseIdNumber, type IdType } from "../../../common/idcard.js";
import { maskIdNumber, maskPhone } from "../../../common/mask.js";
import { parsePhone } from "../../../common/phone.js";
import { createAesPiiCipher, type PiiCipher } from "../../platform/pii.js";

/** Encryption contexts (authenticated): a token copied into another column does not decrypt. */
export const ID_CONTEXT = "member.idNumber";
export const PHONE_CONTEXT = "member.phone";

/** The stored form of a member's ID number and phone: never the plaintext. */
export interface ProtectedPii {
  idNumberCipher: string;
  idNumberHash: string;
  idMasked: string;
  phoneCipher: string | null;
  phoneHash: string | null;
  phoneMasked: string | null;
}

const ciphers = new Map<string, PiiCipher>();

/** One cipher per secret (HKDF runs once). */
export function memberCipher(secret: string): PiiCipher {
  let c = ciphers.get(secret);
  if (!c) {
    c = createAesPiiCipher(secret);
    ciphers.set(secret, c);
  }
  return c;
}

/** Keyed hash of an ID number; the type is part of the key so equal strings of two kinds differ. */
export function idHash(cipher: PiiCipher, idType: IdType, normalised: string): string {
  return cipher.lookupHash(`idNumber.${idType}`, normalised);
}

export function phoneHash(cipher: PiiCipher, normalised: string): string {
  return cipher.lookupHash("phone", normalised);
}

/** Encrypts, hashes and masks a validated (normalised) ID number and mobile. */
export function protectPii(cipher: PiiCipher, idType: IdType, idNumber: string, phone: string | null): ProtectedPii {
  return {
    idNumberCipher: cipher.encrypt(idNumber, ID_CONTEXT),
    idNumberHash: idHash(cipher, idType, idNumber),
    idMasked: maskIdNumber(idNumber),
    phoneCipher: phone ? cipher.encrypt(phone, PHONE_CONTEXT) : null,
    phoneHash: phone ? phoneHash(cipher, phone) : null,
    phoneMasked: phone ? maskPhone(phone) : null,
  };
}

/**
 * The keyed hashes a search text could match: an ID number under every document type it parses
 * as, or a mobile. Empty when the text is neither (then it is a name search).
 */
export function searchHashes(cipher: PiiCipher, q: string, asOf: Date): string[] {
  const out: string[] = [];
  if (/^[\dXx\s]{15,18}$/.test(q)) {
    for (const t of ID_TYPES) {
      if (t === "other" || t === "passport") continue;
      const p = parseIdNumber(q, t, asOf);
      if (p.ok) out.push(idHash(cipher, t, p.normalised));
    }
  }
  const phone = parsePhone(q);
  if (phone.ok && phone.kind === "mobile") out.push(phoneHash(cipher, phone.normalised));
  return out;
}
