import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { partyOrgs } from "../../db/schema/index.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import type { Clock } from "../../platform/clock.js";
import { AppError, fieldError } from "../../platform/errors.js";
import { authorize, can, outermost, scopePaths } from "../../authz/policy.js";
import type { PartyOrgDetail, PartyOrgView } from "../../../common/contract/party.contract.js";
import { addYears, isIsoDate } from "../../../common/member-rules.js";
import type { PartyOrgKind } from "../../../common/party.js";
import * as orgRepo from "../org/org.repo.js";
import * as repo from "./party-orgs.repo.js";
import { findMemberRow } from "./members.repo.js";

export interface PartyDeps {
  db: Db;
  clock: Clock;
}

/** A committee term (届) lasts five years (村党组织每届任期五年). */
export const TERM_YEARS = 5;
const ORG_LEVELS_WITH_PARTY = new Set(["district", "town", "village"]);

export function toView(actor: Actor, r: repo.PartyOrgRow): PartyOrgView {
  return {
    id: r.id,
    orgUnitId: r.orgUnitId,
    orgUnitName: r.orgUnitName,
    divisionCode: r.divisionCode,
    kind: r.kind,
    name: r.name,
    parentId: r.parentId,
    parentName: r.parentName,
    secretaryId: r.secretaryId,
    secretaryName: r.secretaryName,
    foundedOn: r.foundedOn,
    termStart: r.termStart,
    termEnd: r.termEnd,
    memberCount: r.memberCount,
    probationaryCount: r.probationaryCount,
    mobileCount: r.mobileCount,
    abilities: { manage: can(actor, "party.manage", r), unmask: can(actor, "member.unmask", r) },
  };
}

/** Loads an organisation the actor may read with `permission`, else NOT_FOUND / FORBIDDEN. */
export async function loadPartyOrg(db: Db, actor: Actor, id: string, permission: "party.read" | "party.manage" = "party.read"): Promise<repo.PartyOrgRow> {
  const row = await repo.findPartyOrg(db, id);
  if (!row) throw new AppError("NOT_FOUND");
  authorize(actor, "party.read", row);
  if (permission !== "party.read") authorize(actor, permission, row);
  return row;
}

async function detail(db: Db, actor: Actor, row: repo.PartyOrgRow): Promise<PartyOrgDetail> {
  const ancestorIds = row.path.split("/").filter(Boolean);
  const units = await orgRepo.findManyByIds(db, ancestorIds);
  const byId = new Map(units.map((u) => [u.id, u]));
  return {
    ...toView(actor, row),
    children: await repo.childrenOf(db, row.id),
    ancestors: ancestorIds.flatMap((id) => {
      const u = byId.get(id);
      return u ? [{ id: u.id, name: u.name }] : [];
    }),
  };
}

export async function listPartyOrgs(
  deps: PartyDeps,
  actor: Actor,
  f: { orgUnitId?: string | undefined; q?: string | undefined; kind?: PartyOrgKind | undefined; page: number; pageSize: number },
): Promise<{ items: PartyOrgView[]; total: number }> {
  let underPath: string | undefined;
  if (f.orgUnitId) {
    const unit = await orgRepo.findById(deps.db, f.orgUnitId);
    if (!unit) throw new AppError("NOT_FOUND");
    authorize(actor, "party.read", unit);
    underPath = unit.path;
  }
  const { rows, total } = await repo.listPartyOrgs(deps.db, {
    scopePaths: outermost(scopePaths(actor, "party.read")),
    page: f.page,
    pageSize: f.pageSize,
    ...(underPath ? { underPath } : {}),
    ...(f.q ? { q: f.q } : {}),
    ...(f.kind ? { kind: f.kind } : {}),
  });
  return { items: rows.map((r) => toView(actor, r)), total };
}

export async function getPartyOrg(deps: PartyDeps, actor: Actor, id: string): Promise<PartyOrgDetail> {
  return detail(deps.db, actor, await loadPartyOrg(deps.db, actor, id));
}

function checkDates(d: { foundedOn?: string | null | undefined; termStart?: string | null | undefined; termEnd?: string | null | undefined }): void {
  for (const field of ["foundedOn", "termStart", "termEnd"] as const) {
    const v = d[field];
    if (v && !isIsoDate(v)) throw fieldError(field, "party.badDateValue");
  }
  if (d.termStart && d.termEnd && d.termEnd <= d.termStart) throw fieldError("termEnd", "party.termOrder");
}

/** Checks a parent for an organisation attached to `unitPath`; returns its id. */
async function checkParent(db: Db, parentId: string, unitPath: string, selfId?: string): Promise<string> {
  const parent = await repo.findPartyOrg(db, parentId);
  if (!parent) throw fieldError("parentPartyOrgId", "error.NOT_FOUND");
  if (!unitPath.startsWith(parent.path)) throw fieldError("parentPartyOrgId", "party.parentNotAbove");
  if (parent.kind === "branch") throw fieldError("parentPartyOrgId", "party.parentIsBranch");
  if (selfId && (await repo.isSelfOrDescendant(db, selfId, parentId))) throw fieldError("parentPartyOrgId", "party.parentCycle");
  return parent.id;
}

/**
 * Creates a party organisation on an org unit of the actor's scope. Without an explicit parent
 * it goes under the committee of the nearest unit above (a village branch under its town's
 * committee); a term start without an end gets the five-year term.
 */
export async function createPartyOrg(
  deps: PartyDeps,
  actor: Actor,
  input: {
    orgUnitId: string;
    kind: PartyOrgKind;
    name: string;
    parentPartyOrgId?: string | null | undefined;
    foundedOn?: string | null | undefined;
    termStart?: string | null | undefined;
    termEnd?: string | null | undefined;
  },
): Promise<PartyOrgDetail> {
  return deps.db.transaction(async (tx) => {
    const unit = await orgRepo.findById(tx, input.orgUnitId);
    if (!unit || unit.revokedAt) throw fieldError("orgUnitId", "error.NOT_FOUND");
    authorize(actor, "party.manage", unit);
    if (!ORG_LEVELS_WITH_PARTY.has(unit.level)) throw fieldError("orgUnitId", "party.orgUnitLevel");
    const termEnd = input.termEnd ?? (input.termStart && isIsoDate(input.termStart) ? addYears(input.termStart, TERM_YEARS) : null);
    checkDates({ ...input, termEnd });
    if (await repo.nameTaken(tx, unit.id, input.name)) {
      throw new AppError("CONFLICT", { fields: { name: { key: "party.orgNameTaken", params: { name: input.name } } } });
    }
    const parentId =
      input.parentPartyOrgId === undefined
        ? await repo.nearestCommittee(tx, unit.path, unit.id)
        : input.parentPartyOrgId === null
          ? null
          : await checkParent(tx, input.parentPartyOrgId, unit.path);
    const now = deps.clock.now();
    const [created] = await tx
      .insert(partyOrgs)
      .values({
        orgUnitId: unit.id,
        kind: input.kind,
        name: input.name,
        parentId,
        foundedOn: input.foundedOn ?? null,
        termStart: input.termStart ?? null,
        termEnd,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!created) throw new AppError("INTERNAL");
    await writeAudit(tx, actor, deps.clock, [
      {
        action: "party.createOrg",
        entityType: "partyOrg",
        entityId: created.id,
        orgPath: unit.path,
        after: { kind: created.kind, name: created.name, orgUnitId: unit.id, parentId, foundedOn: created.foundedOn, termStart: created.termStart, termEnd },
      },
    ]);
    const row = await repo.findPartyOrg(tx, created.id);
    if (!row) throw new AppError("INTERNAL");
    return detail(tx, actor, row);
  });
}

type OrgPatch = {
  kind?: PartyOrgKind | undefined;
  name?: string | undefined;
  parentPartyOrgId?: string | null | undefined;
  secretaryId?: string | null | undefined;
  foundedOn?: string | null | undefined;
  termStart?: string | null | undefined;
  termEnd?: string | null | undefined;
};

/** Updates an organisation; the secretary must be one of its full members. */
export async function updatePartyOrg(deps: PartyDeps, actor: Actor, id: string, patch: OrgPatch): Promise<PartyOrgDetail> {
  return deps.db.transaction(async (tx) => {
    const row = await loadPartyOrg(tx, actor, id, "party.manage");
    const next = {
      kind: patch.kind ?? row.kind,
      name: patch.name ?? row.name,
      parentId: patch.parentPartyOrgId === undefined ? row.parentId : patch.parentPartyOrgId,
      secretaryId: patch.secretaryId === undefined ? row.secretaryId : patch.secretaryId,
      foundedOn: patch.foundedOn === undefined ? row.foundedOn : patch.foundedOn,
      termStart: patch.termStart === undefined ? row.termStart : patch.termStart,
      termEnd: patch.termEnd === undefined ? row.termEnd : patch.termEnd,
    };
    if (patch.termStart && patch.termEnd === undefined && isIsoDate(patch.termStart)) next.termEnd = addYears(patch.termStart, TERM_YEARS);
    checkDates(next);
    if (patch.name && (await repo.nameTaken(tx, row.orgUnitId, patch.name, row.id))) {
      throw new AppError("CONFLICT", { fields: { name: { key: "party.orgNameTaken", params: { name: patch.name } } } });
    }
    if (patch.parentPartyOrgId) await checkParent(tx, patch.parentPartyOrgId, row.path, row.id);
    if (patch.secretaryId) {
      const m = await findMemberRow(tx, patch.secretaryId);
      if (!m || m.partyOrgId !== row.id || m.status !== "full") throw fieldError("secretaryId", "party.secretaryNotMember");
    }
    const before = { kind: row.kind, name: row.name, parentId: row.parentId, secretaryId: row.secretaryId, foundedOn: row.foundedOn, termStart: row.termStart, termEnd: row.termEnd };
    await tx.update(partyOrgs).set({ ...next, updatedAt: deps.clock.now() }).where(eq(partyOrgs.id, row.id));
    await writeAudit(tx, actor, deps.clock, [{ action: "party.updateOrg", entityType: "partyOrg", entityId: row.id, orgPath: row.path, before, after: next }]);
    const updated = await repo.findPartyOrg(tx, row.id);
    if (!updated) throw new AppError("INTERNAL");
    return detail(tx, actor, updated);
  });
}
