import type { MemberSummary, MemberView } from "../../../common/contract/members.contract.js";
import type { MemberDraft, MemberFacts } from "../../../common/member-rules.js";
import type { PiiCipher } from "../../platform/pii.js";
import { ID_CONTEXT, PHONE_CONTEXT, idHash, phoneHash, protectPii } from "./member-pii.js";
import type { MemberRow, TransferRow } from "./members.repo.js";

/** The columns a member write sets (ciphertext, hashes and masks instead of plaintext). */
export interface MemberColumns {
  name: string;
  gender: MemberFacts["gender"];
  birthDate: string;
  idType: MemberFacts["idType"];
  idNumberCipher: string;
  idNumberHash: string;
  idMasked: string;
  phoneCipher: string | null;
  phoneHash: string | null;
  phoneMasked: string | null;
  education: MemberFacts["education"];
  joinedOn: string;
  status: MemberFacts["status"];
  probationEndsOn: string | null;
  mobileMember: boolean;
  mobileWorkplace: string | null;
}

export function columnsOf(cipher: PiiCipher, f: MemberFacts): MemberColumns {
  const pii = protectPii(cipher, f.idType, f.idNumber, f.phone);
  return {
    name: f.name,
    gender: f.gender,
    birthDate: f.birthDate,
    idType: f.idType,
    ...pii,
    education: f.education,
    joinedOn: f.joinedOn,
    status: f.status,
    probationEndsOn: f.probationEndsOn,
    mobileMember: f.mobileMember,
    mobileWorkplace: f.mobileWorkplace,
  };
}

/** The stored record as a draft (decrypting ID and phone, server-side only) for re-validation. */
export function draftOf(cipher: PiiCipher, m: MemberRow): MemberDraft {
  return {
    name: m.name,
    gender: m.gender,
    birthDate: m.birthDate,
    idType: m.idType,
    idNumber: m.idNumberCipher ? cipher.decrypt(m.idNumberCipher, ID_CONTEXT) : "",
    phone: m.phoneCipher ? cipher.decrypt(m.phoneCipher, PHONE_CONTEXT) : null,
    education: m.education,
    joinedOn: m.joinedOn,
    status: m.status,
    probationEndsOn: m.probationEndsOn,
    mobileMember: m.mobileMember,
    mobileWorkplace: m.mobileWorkplace,
  };
}

/** Audit-safe value of a field: ID and phone only ever appear masked. */
type AuditValue = string | boolean | null;

/**
 * What differs between the stored member and validated facts, as audit-safe before/after maps
 * (ID number and phone compared by keyed hash, shown masked). Empty when nothing changed.
 */
export function memberChanges(
  cipher: PiiCipher,
  m: MemberRow,
  f: MemberFacts,
): { before: Record<string, AuditValue>; after: Record<string, AuditValue>; fields: string[] } {
  const before: Record<string, AuditValue> = {};
  const after: Record<string, AuditValue> = {};
  const plain: [keyof MemberFacts & keyof MemberRow, AuditValue, AuditValue][] = [
    ["name", m.name, f.name],
    ["gender", m.gender, f.gender],
    ["birthDate", m.birthDate, f.birthDate],
    ["idType", m.idType, f.idType],
    ["education", m.education, f.education],
    ["joinedOn", m.joinedOn, f.joinedOn],
    ["status", m.status, f.status],
    ["probationEndsOn", m.probationEndsOn, f.probationEndsOn],
    ["mobileMember", m.mobileMember, f.mobileMember],
    ["mobileWorkplace", m.mobileWorkplace, f.mobileWorkplace],
  ];
  for (const [k, b, a] of plain) {
    if (b !== a) {
      before[k] = b;
      after[k] = a;
    }
  }
  const newIdHash = idHash(cipher, f.idType, f.idNumber);
  if (newIdHash !== m.idNumberHash) {
    before.idNumber = m.idMasked;
    after.idNumber = protectPii(cipher, f.idType, f.idNumber, null).idMasked;
  }
  const newPhoneHash = f.phone ? phoneHash(cipher, f.phone) : null;
  if (newPhoneHash !== m.phoneHash) {
    before.phone = m.phoneMasked;
    after.phone = f.phone ? protectPii(cipher, f.idType, f.idNumber, f.phone).phoneMasked : null;
  }
  return { before, after, fields: Object.keys(after) };
}

/** The audit-safe picture of a new member. */
export function auditAfter(c: MemberColumns, partyOrgId: string): Record<string, AuditValue> {
  return {
    partyOrgId,
    name: c.name,
    gender: c.gender,
    idType: c.idType,
    idNumber: c.idMasked,
    phone: c.phoneMasked,
    joinedOn: c.joinedOn,
    status: c.status,
    mobileMember: c.mobileMember,
  };
}

export function toSummary(m: MemberRow): MemberSummary {
  return {
    id: m.id,
    partyOrgId: m.partyOrgId,
    partyOrgName: m.partyOrgName,
    name: m.name,
    gender: m.gender,
    birthDate: m.birthDate,
    idType: m.idType,
    idMasked: m.idMasked,
    phoneMasked: m.phoneMasked,
    education: m.education,
    joinedOn: m.joinedOn,
    status: m.status,
    probationEndsOn: m.probationEndsOn,
    mobileMember: m.mobileMember,
    mobileWorkplace: m.mobileWorkplace,
  };
}

export function toMemberView(m: MemberRow, transfers: TransferRow[], abilities: MemberView["abilities"]): MemberView {
  return {
    ...toSummary(m),
    orgUnitId: m.orgUnitId,
    orgUnitName: m.orgUnitName,
    transfers,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
    abilities,
  };
}
