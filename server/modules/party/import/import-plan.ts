/**
 * Decides, row by row and without I/O, what a roster import does: create, update, leave
 * unchanged, or refuse with a reason per cell. The caller looks up (set-based) the party
 * organisations in scope, the members named by system id and the members holding each ID hash.
 */
import type { MessageRef } from "../../../../common/errors.js";
import { checkMember, type MemberDraft, type MemberFacts } from "../../../../common/member-rules.js";
import type { PiiCipher } from "../../../platform/pii.js";
import { ID_CONTEXT, PHONE_CONTEXT, idHash } from "../member-pii.js";
import { memberChanges } from "../member-record.js";
import type { MemberRow } from "../members.repo.js";
import { isMaskedId, type RosterKey } from "../excel/roster-columns.js";
import type { ParsedRow } from "../excel/roster-reader.js";

export type RowErrors = Partial<Record<RosterKey, MessageRef>>;

export type PlannedRow =
  | { kind: "create"; row: number; facts: MemberFacts; partyOrgId: string; hash: string }
  | { kind: "update"; row: number; facts: MemberFacts; member: MemberRow; before: Record<string, unknown>; after: Record<string, unknown> }
  | { kind: "unchanged"; row: number; member: MemberRow }
  | { kind: "error"; row: number; parsed: ParsedRow; errors: RowErrors };

export interface PartyOrgRef {
  id: string;
  name: string;
  path: string;
}

export interface ExistingHolder {
  memberId: string;
  partyOrgId: string;
  partyOrgName: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** First pass: party organisation, the member named by system id, and the validated facts. */
export interface RowFacts {
  parsed: ParsedRow;
  errors: RowErrors;
  facts?: MemberFacts;
  hash?: string;
  partyOrgId?: string;
  member?: MemberRow;
}

function orgResolver(orgs: readonly PartyOrgRef[]) {
  const byName = new Map<string, PartyOrgRef[]>();
  for (const o of orgs) byName.set(o.name.trim(), [...(byName.get(o.name.trim()) ?? []), o]);
  return (name: string | undefined, member: MemberRow | undefined): { id: string } | { error: MessageRef } => {
    const n = (name ?? "").normalize("NFKC").trim();
    if (!n) {
      if (member) return { id: member.partyOrgId };
      if (orgs.length === 1) return { id: orgs[0]!.id };
      return { error: orgs.length === 0 ? { key: "import.noPartyOrg" } : { key: "import.partyOrgRequired", params: { n: orgs.length } } };
    }
    const hits = byName.get(n) ?? [];
    if (hits.length === 1) return { id: hits[0]!.id };
    return { error: { key: hits.length ? "import.ambiguousPartyOrg" : "import.unknownPartyOrg", params: { name: n } } };
  };
}

/**
 * Validates every row: cell problems from the reader stay; the member rules run on the rest. A
 * masked ID number (as our exports write it) on a row with a system id means "unchanged": the
 * stored number is used, so the rules still check it against the birth date and gender.
 */
export function factsOfRows(
  rows: readonly ParsedRow[],
  ctx: { orgs: readonly PartyOrgRef[]; membersById: ReadonlyMap<string, MemberRow>; cipher: PiiCipher; asOf: Date },
): RowFacts[] {
  const resolveOrg = orgResolver(ctx.orgs);
  return rows.map((parsed) => {
    const errors: RowErrors = { ...parsed.errors };
    const c = parsed.cells;
    let member: MemberRow | undefined;
    const memberId = c.memberId?.trim();
    if (memberId) {
      member = UUID.test(memberId) ? ctx.membersById.get(memberId.toLowerCase()) : undefined;
      if (!member) errors.memberId = { key: "import.unknownMemberId" };
    }
    let idNumber = c.idNumber;
    if (idNumber && isMaskedId(idNumber) && !errors.idNumber) {
      if (!member) errors.idNumber = { key: errors.memberId ? "import.unknownMemberId" : "import.maskedNew" };
      else if (idNumber.toUpperCase() !== member.idMasked || (c.idType || "prcId") !== member.idType || !member.idNumberCipher) {
        errors.idNumber = { key: "import.maskedMismatch" };
      } else idNumber = ctx.cipher.decrypt(member.idNumberCipher, ID_CONTEXT);
    }
    // Masked phones in an exported roster mean "unchanged" too.
    let phone = c.phone;
    if (phone && phone.includes("*") && !errors.phone) {
      if (!member) errors.phone = { key: "import.maskedPhoneNew" };
      else if (phone !== member.phoneMasked || !member.phoneCipher) errors.phone = { key: "import.maskedPhoneMismatch" };
      else phone = ctx.cipher.decrypt(member.phoneCipher, PHONE_CONTEXT);
    }
    const org = resolveOrg(c.partyOrg, member);
    let partyOrgId: string | undefined;
    if ("error" in org) errors.partyOrg ??= org.error;
    else partyOrgId = org.id;
    if (member && partyOrgId && member.partyOrgId !== partyOrgId) errors.partyOrg ??= { key: "import.otherOrg", params: { org: member.partyOrgName } };

    const draft: MemberDraft = {
      name: c.name,
      gender: c.gender,
      birthDate: c.birthDate,
      idType: c.idType,
      idNumber,
      phone,
      education: c.education,
      joinedOn: c.joinedOn,
      status: c.status,
      probationEndsOn: c.probationEndsOn,
      mobileMember: c.mobileMember === "true",
      mobileWorkplace: c.mobileWorkplace,
    };
    const checked = checkMember(draft, ctx.asOf);
    if (!checked.ok) {
      for (const [k, v] of Object.entries(checked.fields) as [RosterKey, MessageRef][]) errors[k] ??= v;
    }
    const out: RowFacts = { parsed, errors };
    if (member) out.member = member;
    if (partyOrgId) out.partyOrgId = partyOrgId;
    if (checked.ok) {
      out.facts = checked.value;
      out.hash = idHash(ctx.cipher, checked.value.idType, checked.value.idNumber);
    }
    return out;
  });
}

/**
 * Second pass, after looking up who holds each ID hash: duplicates within the file (the later
 * row is refused, naming the first) and in the city (another member already holds the number;
 * a row without system id that names the holder's own organisation updates that member).
 */
export function planRows(
  rows: readonly RowFacts[],
  ctx: { holders: ReadonlyMap<string, ExistingHolder>; membersById: ReadonlyMap<string, MemberRow>; cipher: PiiCipher },
): PlannedRow[] {
  const firstRowOfHash = new Map<string, number>();
  return rows.map((r) => {
    const row = r.parsed.row;
    const errors = r.errors;
    let member = r.member;
    if (r.hash) {
      const first = firstRowOfHash.get(r.hash);
      if (first !== undefined) errors.idNumber ??= { key: "import.duplicateInFile", params: { row: first } };
      else firstRowOfHash.set(r.hash, row);
      const holder = ctx.holders.get(r.hash);
      if (holder) {
        if (member && holder.memberId !== member.id) errors.idNumber ??= { key: "member.duplicateInCity", params: { org: holder.partyOrgName } };
        else if (!member && holder.partyOrgId === r.partyOrgId) member = ctx.membersById.get(holder.memberId);
        else if (!member) errors.idNumber ??= { key: "member.duplicateInCity", params: { org: holder.partyOrgName } };
      }
    }
    if (Object.keys(errors).length > 0 || !r.facts || !r.partyOrgId || !r.hash) {
      return { kind: "error", row, parsed: r.parsed, errors };
    }
    if (!member) return { kind: "create", row, facts: r.facts, partyOrgId: r.partyOrgId, hash: r.hash };
    const change = memberChanges(ctx.cipher, member, r.facts);
    if (change.fields.length === 0) return { kind: "unchanged", row, member };
    return { kind: "update", row, facts: r.facts, member, before: change.before, after: change.after };
  });
}
