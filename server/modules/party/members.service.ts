import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { members, memberTransfers } from "../../db/schema/index.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import type { Clock } from "../../platform/clock.js";
import { AppError, fieldError } from "../../platform/errors.js";
import type { MessageRef } from "../../../common/errors.js";
import { authorize, can, outermost, scopePaths } from "../../authz/policy.js";
import type { MemberInput, MemberSummary, MemberView } from "../../../common/contract/members.contract.js";
import { checkMember, chinaToday, isIsoDate, type MemberDraft, type MemberFacts } from "../../../common/member-rules.js";
import type { MemberStatus } from "../../../common/party.js";
import * as orgRepo from "../org/org.repo.js";
import { loadPartyOrg } from "./party-orgs.service.js";
import { ID_CONTEXT, PHONE_CONTEXT, memberCipher, searchHashes } from "./member-pii.js";
import { auditAfter, columnsOf, draftOf, memberChanges, toMemberView, toSummary } from "./member-record.js";
import * as repo from "./members.repo.js";

export interface MembersDeps {
  db: Db;
  clock: Clock;
  /** The application secret: PII keys are derived from it. */
  secret: string;
}

/** A member the actor can read, else NOT_FOUND (also outside the actor's scope). */
export async function loadMember(db: Db, actor: Actor, id: string): Promise<repo.MemberRow> {
  const m = await repo.findMemberRow(db, id);
  if (!m) throw new AppError("NOT_FOUND");
  authorize(actor, "party.read", m);
  return m;
}

async function view(db: Db, actor: Actor, m: repo.MemberRow): Promise<MemberView> {
  return toMemberView(m, await repo.transfersOf(db, m.id), { manage: can(actor, "party.manage", m), unmask: can(actor, "member.unmask", m) });
}

/** Validates a draft or throws VALIDATION naming every bad field. */
export function requireFacts(draft: MemberDraft, asOf: Date): MemberFacts {
  const r = checkMember(draft, asOf);
  if (!r.ok) throw new AppError("VALIDATION", { fields: r.fields as Record<string, MessageRef> });
  return r.value;
}

/** Refuses an ID number already registered to another member anywhere in the city. */
async function refuseDuplicate(db: Db, idNumberHash: string, exceptMemberId?: string): Promise<void> {
  const [existing] = await repo.findByIdHashes(db, [idNumberHash]);
  if (existing && existing.memberId !== exceptMemberId) {
    throw new AppError("CONFLICT", { fields: { idNumber: { key: "member.duplicateInCity", params: { org: existing.partyOrgName } } } });
  }
}

export async function listMembers(
  deps: MembersDeps,
  actor: Actor,
  f: {
    partyOrgId?: string | undefined;
    orgUnitId?: string | undefined;
    q?: string | undefined;
    status?: MemberStatus | undefined;
    mobileMember?: boolean | undefined;
    page: number;
    pageSize: number;
  },
): Promise<{ items: MemberSummary[]; total: number }> {
  let underPath: string | undefined;
  if (f.partyOrgId) await loadPartyOrg(deps.db, actor, f.partyOrgId);
  if (f.orgUnitId) {
    const unit = await orgRepo.findById(deps.db, f.orgUnitId);
    if (!unit) throw new AppError("NOT_FOUND");
    authorize(actor, "party.read", unit);
    underPath = unit.path;
  }
  // A full ID number or mobile is never compared in plaintext: it is searched by its keyed hash.
  const hashes = f.q ? searchHashes(memberCipher(deps.secret), f.q, deps.clock.now()) : [];
  const { rows, total } = await repo.listMembers(deps.db, {
    scopePaths: outermost(scopePaths(actor, "party.read")),
    page: f.page,
    pageSize: f.pageSize,
    ...(f.partyOrgId ? { partyOrgId: f.partyOrgId } : {}),
    ...(underPath ? { underPath } : {}),
    ...(f.q && hashes.length === 0 ? { name: f.q } : {}),
    ...(hashes.length ? { hashes } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.mobileMember !== undefined ? { mobileMember: f.mobileMember } : {}),
  });
  return { items: rows.map(toSummary), total };
}

export async function getMember(deps: MembersDeps, actor: Actor, id: string): Promise<MemberView> {
  return view(deps.db, actor, await loadMember(deps.db, actor, id));
}

/** Registers a member; the ID number must be new to the whole city (checked by its keyed hash). */
export async function createMember(deps: MembersDeps, actor: Actor, input: MemberInput & { partyOrgId: string }): Promise<MemberView> {
  const facts = requireFacts(input, deps.clock.now());
  const cipher = memberCipher(deps.secret);
  const cols = columnsOf(cipher, facts);
  return deps.db.transaction(async (tx) => {
    const org = await loadPartyOrg(tx, actor, input.partyOrgId, "party.manage");
    await refuseDuplicate(tx, cols.idNumberHash);
    const now = deps.clock.now();
    const [row] = await tx.insert(members).values({ ...cols, partyOrgId: org.id, createdAt: now, updatedAt: now }).returning({ id: members.id });
    if (!row) throw new AppError("INTERNAL");
    await writeAudit(tx, actor, deps.clock, [
      { action: "member.create", entityType: "member", entityId: row.id, orgPath: org.path, after: auditAfter(cols, org.id) },
    ]);
    const created = await repo.findMemberRow(tx, row.id);
    if (!created) throw new AppError("INTERNAL");
    return view(tx, actor, created);
  });
}

/** Corrects a member's record; fields left out keep their stored values (ID and phone too). */
export async function updateMember(deps: MembersDeps, actor: Actor, id: string, patch: Partial<MemberInput>): Promise<MemberView> {
  const cipher = memberCipher(deps.secret);
  return deps.db.transaction(async (tx) => {
    const m = await loadMember(tx, actor, id);
    authorize(actor, "party.manage", m);
    const draft: MemberDraft = { ...draftOf(cipher, m) };
    for (const [k, v] of Object.entries(patch) as [keyof MemberDraft, MemberDraft[keyof MemberDraft]][]) {
      if (v !== undefined) (draft as Record<string, unknown>)[k] = v;
    }
    const facts = requireFacts(draft, deps.clock.now());
    const change = memberChanges(cipher, m, facts);
    if (change.fields.length === 0) return view(tx, actor, m);
    const cols = columnsOf(cipher, facts);
    if (cols.idNumberHash !== m.idNumberHash) await refuseDuplicate(tx, cols.idNumberHash, m.id);
    await tx.update(members).set({ ...cols, updatedAt: deps.clock.now() }).where(eq(members.id, m.id));
    await writeAudit(tx, actor, deps.clock, [
      { action: "member.update", entityType: "member", entityId: m.id, orgPath: m.path, before: change.before, after: change.after },
    ]);
    const updated = await repo.findMemberRow(tx, m.id);
    if (!updated) throw new AppError("INTERNAL");
    return view(tx, actor, updated);
  });
}

/**
 * Shows the full ID number and phone to an actor holding `member.unmask` over the member, with
 * a reason. The audit record names who looked and why, never the values.
 */
export async function unmaskMember(deps: MembersDeps, actor: Actor, id: string, reason: string): Promise<{ idNumber: string | null; phone: string | null }> {
  const cipher = memberCipher(deps.secret);
  return deps.db.transaction(async (tx) => {
    const m = await loadMember(tx, actor, id);
    authorize(actor, "member.unmask", m);
    await writeAudit(tx, actor, deps.clock, [
      { action: "member.unmask", entityType: "member", entityId: m.id, orgPath: m.path, after: { reason, fields: ["idNumber", "phone"] } },
    ]);
    return {
      idNumber: m.idNumberCipher ? cipher.decrypt(m.idNumberCipher, ID_CONTEXT) : null,
      phone: m.phoneCipher ? cipher.decrypt(m.phoneCipher, PHONE_CONTEXT) : null,
    };
  });
}

/**
 * 组织关系转接: moves a member to another organisation, keeping the history. The actor must
 * manage both sides; a secretary must be replaced before leaving.
 */
export async function transferMember(
  deps: MembersDeps,
  actor: Actor,
  id: string,
  input: { toPartyOrgId: string; transferredOn: string; reason: string },
): Promise<MemberView> {
  if (!isIsoDate(input.transferredOn)) throw fieldError("transferredOn", "party.badDateValue");
  if (input.transferredOn > chinaToday(deps.clock.now())) throw fieldError("transferredOn", "meeting.futureDate");
  return deps.db.transaction(async (tx) => {
    const m = await loadMember(tx, actor, id);
    authorize(actor, "party.manage", m);
    const from = await loadPartyOrg(tx, actor, m.partyOrgId);
    let to;
    try {
      to = await loadPartyOrg(tx, actor, input.toPartyOrgId, "party.manage");
    } catch (err) {
      if (err instanceof AppError) throw new AppError(err.code, { fields: { toPartyOrgId: { key: `error.${err.code}`, params: { field: "field.toPartyOrgId" } } } });
      throw err;
    }
    if (to.id === m.partyOrgId) throw fieldError("toPartyOrgId", "member.transferSameOrg");
    if (input.transferredOn < m.joinedOn) throw fieldError("transferredOn", "member.transferBeforeJoin");
    if (from.secretaryId === m.id) throw new AppError("CONFLICT", { message: { key: "member.isSecretary", params: { org: from.name } } });
    const now = deps.clock.now();
    const actorId = actor.kind === "user" ? actor.userId : null;
    await tx.insert(memberTransfers).values({
      memberId: m.id,
      fromPartyOrgId: from.id,
      toPartyOrgId: to.id,
      transferredOn: input.transferredOn,
      reason: input.reason,
      actorId,
      createdAt: now,
    });
    await tx.update(members).set({ partyOrgId: to.id, updatedAt: now }).where(eq(members.id, m.id));
    const record = { from: from.id, to: to.id, transferredOn: input.transferredOn, reason: input.reason };
    // One record on each side, so both organisations' auditors see the move.
    await writeAudit(tx, actor, deps.clock, [
      { action: "member.transferOut", entityType: "member", entityId: m.id, orgPath: from.path, after: record },
      { action: "member.transferIn", entityType: "member", entityId: m.id, orgPath: to.path, after: record },
    ]);
    const moved = await repo.findMemberRow(tx, m.id);
    if (!moved) throw new AppError("INTERNAL");
    return view(tx, actor, moved);
  });
}
