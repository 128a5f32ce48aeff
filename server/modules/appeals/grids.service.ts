import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { gridWorkers, grids, orgUnits, roleGrants } from "../../db/schema/index.js";
import { authorize, can, scopePaths } from "../../authz/policy.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { AppError, fieldError } from "../../platform/errors.js";
import * as orgRepo from "../org/org.repo.js";
import type { GridDetail, GridView } from "../../../common/contract/grids.contract.js";
import { protectPhone, WORKER_PHONE_CONTEXT, type AppealsDeps } from "./appeals-deps.js";
import * as repo from "./grids.repo.js";

function iso(d: Date | string | null): string | null {
  return d === null ? null : new Date(d).toISOString();
}

function toView(actor: Actor, g: repo.GridRow, workers: repo.WorkerRow[]): GridView {
  const leader = workers.find((w) => w.user_id === g.leader_user_id) ?? null;
  return {
    id: g.id,
    code: g.code,
    name: g.name,
    villageId: g.village_id,
    villageName: g.village_name,
    townName: g.town_name,
    households: g.households,
    centre: g.centre_lng === null || g.centre_lat === null ? null : { lng: g.centre_lng, lat: g.centre_lat },
    leader: leader ? person(leader) : null,
    workerCount: Number(g.worker_count),
    signboardVersion: g.signboard_version,
    abilities: { manage: can(actor, "grid.manage", g) },
  };
}

function person(w: repo.WorkerRow) {
  return { userId: w.user_id, displayName: w.display_name, username: w.username, phoneMasked: w.phone_masked };
}

async function detail(db: Db, actor: Actor, id: string): Promise<GridDetail> {
  const g = await repo.findGrid(db, id);
  if (!g) throw new AppError("NOT_FOUND");
  const workers = await repo.workersOf(db, [id]);
  return {
    ...toView(actor, g, workers),
    boundary: (g.boundary as GridDetail["boundary"]) ?? null,
    workers: workers.map(person),
    signboardRotatedAt: iso(g.signboard_rotated_at),
  };
}

/** Loads a live grid the actor may see with `permission`; NOT_FOUND outside scope. */
export async function loadGrid(db: Db, actor: Actor, id: string, permission: "grid.read" | "grid.manage"): Promise<repo.GridRow> {
  const g = await repo.findGrid(db, id);
  if (!g) throw new AppError("NOT_FOUND");
  authorize(actor, permission, g);
  return g;
}

/** Grids in scope, optionally under one unit (village, town …) or matching a name/code. */
export async function listGrids(
  deps: AppealsDeps,
  actor: Actor,
  q: { underId?: string | undefined; q?: string | undefined; page: number; pageSize: number },
): Promise<{ items: GridView[]; total: number }> {
  let underPath: string | undefined;
  if (q.underId) {
    const unit = await orgRepo.findById(deps.db, q.underId);
    if (!unit) throw new AppError("NOT_FOUND");
    authorize(actor, "grid.read", unit);
    underPath = unit.path;
  }
  const { rows, total } = await repo.listGrids(deps.db, {
    scopePaths: scopePaths(actor, "grid.read"),
    underPath,
    q: q.q,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const workers = await repo.workersOf(deps.db, rows.map((r) => r.id));
  return { items: rows.map((r) => toView(actor, r, workers.filter((w) => w.grid_id === r.id))), total };
}

export async function getGrid(deps: AppealsDeps, actor: Actor, id: string): Promise<GridDetail> {
  await loadGrid(deps.db, actor, id, "grid.read");
  return detail(deps.db, actor, id);
}

interface GridInput {
  name: string;
  households: number;
  boundary?: GridDetail["boundary"] | undefined;
  centre?: { lng: number; lat: number } | null | undefined;
}

async function loadVillage(tx: Db, actor: Actor, villageId: string) {
  const village = await orgRepo.findById(tx, villageId);
  if (!village || village.revokedAt) throw new AppError("NOT_FOUND");
  authorize(actor, "grid.manage", village);
  if (village.level !== "village" || !village.divisionCode) throw fieldError("villageId", "grid.notVillage");
  return village;
}

/** Inserts the grid's org unit and its grid row; the code is the village code + `seq` (3 digits). */
async function insertGrid(tx: Db, deps: AppealsDeps, village: orgRepo.OrgUnitRow, seq: number, input: GridInput): Promise<string> {
  const code = `${village.divisionCode}${String(seq).padStart(3, "0")}`;
  const [taken] = await tx.select({ id: grids.orgUnitId }).from(grids).where(eq(grids.code, code));
  if (taken) throw new AppError("CONFLICT", { fields: { seq: { key: "grid.codeTaken", params: { code } } } });
  const id = randomUUID();
  const now = deps.clock.now();
  await tx.insert(orgUnits).values({
    id,
    parentId: village.id,
    level: "grid",
    kind: "grid",
    divisionCode: code,
    name: input.name,
    officialName: input.name,
    path: `${village.path}${id}/`,
    depth: village.depth + 1,
    agricultural: village.agricultural,
    createdAt: now,
    updatedAt: now,
  });
  await tx.insert(grids).values({
    orgUnitId: id,
    villageId: village.id,
    code,
    households: input.households,
    boundary: input.boundary ?? null,
    centreLng: input.centre?.lng ?? null,
    centreLat: input.centre?.lat ?? null,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

/** Creates one grid under a village (grid.manage over the village). */
export async function createGrid(
  deps: AppealsDeps,
  actor: Actor,
  input: GridInput & { villageId: string; seq?: number | undefined },
): Promise<GridDetail> {
  return deps.db.transaction(async (tx) => {
    const village = await loadVillage(tx, actor, input.villageId);
    const seq = input.seq ?? (await repo.maxSeq(tx, village.id)) + 1;
    if (seq > 999) throw fieldError("seq", "grid.seqExhausted");
    const id = await insertGrid(tx, deps, village, seq, input);
    const view = await detail(tx, actor, id);
    await writeAudit(tx, actor, deps.clock, [
      { action: "grid.create", entityType: "grid", entityId: id, orgPath: `${village.path}${id}/`, after: { code: view.code, name: view.name, households: view.households } },
    ]);
    return view;
  });
}

/** Creates `count` grids under a village in one transaction: 第1网格, 第2网格 … (or `prefix` + n). */
export async function bulkCreateGrids(
  deps: AppealsDeps,
  actor: Actor,
  input: { villageId: string; count: number; namePrefix?: string | undefined; households?: number | undefined },
): Promise<{ items: GridView[] }> {
  return deps.db.transaction(async (tx) => {
    const village = await loadVillage(tx, actor, input.villageId);
    const first = (await repo.maxSeq(tx, village.id)) + 1;
    if (first + input.count - 1 > 999) throw fieldError("count", "grid.seqExhausted");
    const ids: string[] = [];
    for (let i = 0; i < input.count; i++) {
      const seq = first + i;
      const name = input.namePrefix ? `${input.namePrefix}${seq}` : `第${seq}网格`;
      ids.push(await insertGrid(tx, deps, village, seq, { name, households: input.households ?? 0 }));
    }
    await writeAudit(
      tx,
      actor,
      deps.clock,
      ids.map((id) => ({ action: "grid.create", entityType: "grid", entityId: id, orgPath: `${village.path}${id}/`, after: { bulk: true } })),
    );
    const rows = await Promise.all(ids.map((id) => repo.findGrid(tx, id)));
    return { items: rows.filter((r): r is repo.GridRow => r !== null).map((r) => toView(actor, r, [])) };
  });
}

export async function updateGrid(
  deps: AppealsDeps,
  actor: Actor,
  id: string,
  input: Partial<GridInput>,
): Promise<GridDetail> {
  return deps.db.transaction(async (tx) => {
    const before = await loadGrid(tx, actor, id, "grid.manage");
    const now = deps.clock.now();
    if (input.name !== undefined) await tx.update(orgUnits).set({ name: input.name, officialName: input.name, updatedAt: now }).where(eq(orgUnits.id, id));
    await tx
      .update(grids)
      .set({
        ...(input.households !== undefined ? { households: input.households } : {}),
        ...(input.boundary !== undefined ? { boundary: input.boundary } : {}),
        ...(input.centre !== undefined ? { centreLng: input.centre?.lng ?? null, centreLat: input.centre?.lat ?? null } : {}),
        updatedAt: now,
      })
      .where(eq(grids.orgUnitId, id));
    const after = await detail(tx, actor, id);
    await writeAudit(tx, actor, deps.clock, [
      {
        action: "grid.update",
        entityType: "grid",
        entityId: id,
        orgPath: before.path,
        before: { name: before.name, households: before.households },
        after: { name: after.name, households: after.households, boundary: input.boundary !== undefined, centre: after.centre },
      },
    ]);
    return after;
  });
}

/** Retires a grid without appeals: its org unit is revoked, its workers' grid grants removed. */
export async function deleteGrid(deps: AppealsDeps, actor: Actor, id: string): Promise<{ ok: true }> {
  return deps.db.transaction(async (tx) => {
    const g = await loadGrid(tx, actor, id, "grid.manage");
    if ((await repo.appealCount(tx, id)) > 0) throw new AppError("CONFLICT", { message: { key: "grid.hasAppeals" } });
    const now = deps.clock.now();
    await tx.update(orgUnits).set({ revokedAt: now, updatedAt: now }).where(eq(orgUnits.id, id));
    await tx.delete(gridWorkers).where(eq(gridWorkers.gridId, id));
    await tx.delete(roleGrants).where(and(eq(roleGrants.orgUnitId, id), eq(roleGrants.role, "gridWorker")));
    await writeAudit(tx, actor, deps.clock, [{ action: "grid.delete", entityType: "grid", entityId: id, orgPath: g.path, before: { code: g.code, name: g.name } }]);
    return { ok: true as const };
  });
}

/**
 * Replaces the grid's workers: each gets a gridWorker grant on the grid (scope for its appeals);
 * removed workers lose that grant. The leader must be one of the workers. Users must already be
 * visible to the actor (hold some grant inside the actor's scope).
 */
export async function setGridWorkers(
  deps: AppealsDeps,
  actor: Actor,
  id: string,
  input: { workers: { userId: string; phone?: string | undefined }[]; leaderUserId: string | null },
): Promise<GridDetail> {
  return deps.db.transaction(async (tx) => {
    const g = await loadGrid(tx, actor, id, "grid.manage");
    const userIds = [...new Set(input.workers.map((w) => w.userId))];
    if (input.leaderUserId && !userIds.includes(input.leaderUserId)) {
      throw fieldError("leaderUserId", "grid.notWorker", { name: input.leaderUserId });
    }
    if (userIds.length) {
      const visible = await tx
        .select({ userId: roleGrants.userId, path: orgUnits.path })
        .from(roleGrants)
        .innerJoin(orgUnits, eq(orgUnits.id, roleGrants.orgUnitId))
        .where(inArray(roleGrants.userId, userIds));
      const paths = scopePaths(actor, "grid.manage");
      for (const u of userIds) {
        if (!visible.some((v) => v.userId === u && paths.some((p) => v.path.startsWith(p)))) throw fieldError("workers", "grid.userNotFound");
      }
    }
    const now = deps.clock.now();
    const before = await repo.workersOf(tx, [id]);
    const stored = await tx.select().from(gridWorkers).where(eq(gridWorkers.gridId, id));
    await tx.delete(gridWorkers).where(eq(gridWorkers.gridId, id));
    await tx.delete(roleGrants).where(and(eq(roleGrants.orgUnitId, id), eq(roleGrants.role, "gridWorker")));
    if (userIds.length) {
      await tx.insert(gridWorkers).values(
        userIds.map((userId) => {
          const phone = input.workers.find((w) => w.userId === userId)?.phone;
          const kept = stored.find((b) => b.userId === userId);
          // A worker listed again without a phone keeps the one on file.
          const phoneFields = phone
            ? protectPhone(deps.pii, phone, WORKER_PHONE_CONTEXT, "workers")
            : { phoneCipher: kept?.phoneCipher ?? null, phoneHash: kept?.phoneHash ?? null, phoneMasked: kept?.phoneMasked ?? null };
          return { gridId: id, userId, createdAt: kept?.createdAt ?? now, ...phoneFields };
        }),
      );
      await tx.insert(roleGrants).values(userIds.map((userId) => ({ userId, role: "gridWorker" as const, orgUnitId: id, createdAt: now })));
    }
    await tx.update(grids).set({ leaderUserId: input.leaderUserId, updatedAt: now }).where(eq(grids.orgUnitId, id));
    // New rights take effect at the next sign-in, as with any grant change.
    const touched = [...new Set([...userIds, ...before.map((b) => b.user_id)])];
    if (touched.length) await tx.execute(sql`DELETE FROM sessions WHERE user_id IN (${sql.join(touched.map((u) => sql`${u}::uuid`), sql`, `)})`);
    await writeAudit(tx, actor, deps.clock, [
      {
        action: "grid.workers",
        entityType: "grid",
        entityId: id,
        orgPath: g.path,
        before: { workers: before.map((b) => b.user_id), leader: g.leader_user_id },
        after: { workers: userIds, leader: input.leaderUserId },
      },
    ]);
    return detail(tx, actor, id);
  });
}
