import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { roleGrants, users } from "../../db/schema/index.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import type { Clock } from "../../platform/clock.js";
import { AppError, fieldError } from "../../platform/errors.js";
import { authorize, covers, outermost, scopePaths } from "../../authz/policy.js";
import type { UserView } from "../../../common/contract/users.contract.js";
import type { Role } from "../../../common/roles.js";
import { hashPassword } from "../auth/passwords.js";
import { deleteUserSessions } from "../auth/auth.repo.js";
import * as orgRepo from "../org/org.repo.js";
import { canManageUser, grantProblem } from "./users.policy.js";
import * as repo from "./users.repo.js";

export interface UsersDeps {
  db: Db;
  clock: Clock;
}

export interface GrantInput {
  role: Role;
  orgUnitId: string;
  departmentId?: string | undefined;
}

function toView(actor: Actor, user: repo.UserRow, grants: repo.GrantRow[]): UserView {
  const visible = actor.kind === "system" ? grants : grants.filter((g) => covers(scopePaths(actor, "user.read"), g.path));
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    disabled: user.disabledAt !== null,
    lockedUntil: user.lockedUntil ? user.lockedUntil.toISOString() : null,
    createdAt: user.createdAt.toISOString(),
    grants: visible.map((g) => ({
      id: g.id,
      role: g.role,
      orgUnitId: g.orgUnitId,
      orgUnitName: g.orgUnitName,
      orgUnitLevel: g.level,
      divisionCode: g.divisionCode,
    })),
    abilities: { manage: canManageUser(actor, grants) },
  };
}

/** A user the actor can see (some grant inside their user.read scope), else NOT_FOUND. */
async function loadVisible(db: Db, actor: Actor, id: string): Promise<{ user: repo.UserRow; grants: repo.GrantRow[] }> {
  const user = await repo.findUser(db, id);
  if (!user) throw new AppError("NOT_FOUND");
  const grants = await repo.grantsOf(db, [user.id]);
  if (actor.kind === "user" && !grants.some((g) => covers(scopePaths(actor, "user.read"), g.path))) {
    throw new AppError("NOT_FOUND");
  }
  return { user, grants };
}

async function loadManageable(db: Db, actor: Actor, id: string) {
  const loaded = await loadVisible(db, actor, id);
  if (!canManageUser(actor, loaded.grants)) throw new AppError("FORBIDDEN");
  return loaded;
}

/** Checks a grant against the actor's rights and the unit's level; returns the unit's path. */
async function checkGrant(db: Db, actor: Actor, g: GrantInput): Promise<string> {
  const unit = await orgRepo.findById(db, g.orgUnitId);
  if (!unit || unit.revokedAt) throw fieldError("grant.orgUnitId", "error.NOT_FOUND");
  authorize(actor, "user.manage", unit);
  const dept = g.departmentId ? await orgRepo.findDepartment(db, g.departmentId) : null;
  if (g.departmentId && !dept) throw fieldError("grant.departmentId", "error.NOT_FOUND");
  const problem = grantProblem(actor, {
    role: g.role,
    unit,
    unitId: unit.id,
    departmentGiven: Boolean(g.departmentId),
    departmentOrgUnitId: dept?.orgUnitId ?? null,
  });
  if (problem) {
    throw new AppError(problem.message.key === "user.roleNotGrantable" ? "FORBIDDEN" : "VALIDATION", {
      fields: { [problem.field]: problem.message },
    });
  }
  return unit.path;
}

export async function listUsers(
  deps: UsersDeps,
  actor: Actor,
  f: { q?: string | undefined; orgUnitId?: string | undefined; page: number; pageSize: number },
): Promise<{ items: UserView[]; total: number }> {
  const scope = outermost(scopePaths(actor, "user.read"));
  let underPath: string | undefined;
  if (f.orgUnitId) {
    const unit = await orgRepo.findById(deps.db, f.orgUnitId);
    if (!unit) throw new AppError("NOT_FOUND");
    authorize(actor, "user.read", unit);
    underPath = unit.path;
  }
  const { rows, total } = await repo.listInScope(deps.db, {
    scopePaths: scope,
    page: f.page,
    pageSize: f.pageSize,
    ...(f.q ? { q: f.q } : {}),
    ...(underPath ? { underPath } : {}),
  });
  const grants = await repo.grantsOf(deps.db, rows.map((r) => r.id));
  return { items: rows.map((u) => toView(actor, u, grants.filter((g) => g.userId === u.id))), total };
}

export async function getUser(deps: UsersDeps, actor: Actor, id: string): Promise<UserView> {
  const { user, grants } = await loadVisible(deps.db, actor, id);
  return toView(actor, user, grants);
}

export async function createUser(
  deps: UsersDeps,
  actor: Actor,
  input: { username: string; displayName: string; password: string; grant: GrantInput },
): Promise<UserView> {
  const username = input.username.trim().toLowerCase();
  if (input.password === username) throw fieldError("password", "user.passwordSameAsUsername");
  const passwordHash = await hashPassword(input.password); // outside the transaction: ~30 ms of CPU
  return deps.db.transaction(async (tx) => {
    const path = await checkGrant(tx, actor, input.grant);
    if (await repo.usernameExists(tx, username)) {
      throw new AppError("CONFLICT", { fields: { username: { key: "user.usernameTaken", params: { username } } } });
    }
    const now = deps.clock.now();
    const [user] = await tx.insert(users).values({ username, displayName: input.displayName, passwordHash, createdAt: now }).returning();
    if (!user) throw new AppError("INTERNAL");
    const [grant] = await tx
      .insert(roleGrants)
      .values({ userId: user.id, role: input.grant.role, orgUnitId: input.grant.orgUnitId, departmentId: input.grant.departmentId ?? null, createdAt: now })
      .returning();
    await writeAudit(tx, actor, deps.clock, [
      { action: "user.create", entityType: "user", entityId: user.id, orgPath: path, after: { username, displayName: input.displayName } },
      { action: "user.grant", entityType: "user", entityId: user.id, orgPath: path, after: { grantId: grant?.id, role: input.grant.role, orgUnitId: input.grant.orgUnitId } },
    ]);
    return toView(actor, user, await repo.grantsOf(tx, [user.id]));
  });
}

export async function addGrant(deps: UsersDeps, actor: Actor, userId: string, g: GrantInput): Promise<UserView> {
  return deps.db.transaction(async (tx) => {
    const { user, grants } = await loadManageable(tx, actor, userId);
    const path = await checkGrant(tx, actor, g);
    if (grants.some((x) => x.role === g.role && x.orgUnitId === g.orgUnitId)) {
      throw new AppError("CONFLICT", { fields: { "grant.role": { key: "user.grantExists" } } });
    }
    const [grant] = await tx
      .insert(roleGrants)
      .values({ userId, role: g.role, orgUnitId: g.orgUnitId, departmentId: g.departmentId ?? null, createdAt: deps.clock.now() })
      .returning();
    await writeAudit(tx, actor, deps.clock, [
      { action: "user.grant", entityType: "user", entityId: userId, orgPath: path, after: { grantId: grant?.id, role: g.role, orgUnitId: g.orgUnitId } },
    ]);
    await deleteUserSessions(tx, userId); // new rights take effect at the next sign-in
    return toView(actor, user, await repo.grantsOf(tx, [userId]));
  });
}

export async function removeGrant(deps: UsersDeps, actor: Actor, userId: string, grantId: string): Promise<UserView> {
  return deps.db.transaction(async (tx) => {
    const { user, grants } = await loadManageable(tx, actor, userId);
    const grant = grants.find((g) => g.id === grantId);
    if (!grant) throw new AppError("NOT_FOUND");
    if (grants.length === 1) throw new AppError("CONFLICT", { message: { key: "user.lastGrant" } });
    await tx.delete(roleGrants).where(and(eq(roleGrants.id, grantId), eq(roleGrants.userId, userId)));
    await writeAudit(tx, actor, deps.clock, [
      { action: "user.revokeGrant", entityType: "user", entityId: userId, orgPath: grant.path, before: { grantId, role: grant.role, orgUnitId: grant.orgUnitId } },
    ]);
    await deleteUserSessions(tx, userId);
    return toView(actor, user, await repo.grantsOf(tx, [userId]));
  });
}

export async function setDisabled(deps: UsersDeps, actor: Actor, userId: string, disabled: boolean): Promise<UserView> {
  if (actor.kind === "user" && actor.userId === userId && disabled) throw fieldError("disabled", "user.cannotManageSelf");
  return deps.db.transaction(async (tx) => {
    const { user, grants } = await loadManageable(tx, actor, userId);
    if ((user.disabledAt !== null) === disabled) return toView(actor, user, grants);
    const [updated] = await tx.update(users).set({ disabledAt: disabled ? deps.clock.now() : null }).where(eq(users.id, userId)).returning();
    if (disabled) await deleteUserSessions(tx, userId);
    await writeAudit(tx, actor, deps.clock, [
      { action: disabled ? "user.disable" : "user.enable", entityType: "user", entityId: userId, orgPath: grants[0]?.path ?? null },
    ]);
    return toView(actor, updated ?? user, grants);
  });
}

export async function resetPassword(deps: UsersDeps, actor: Actor, userId: string, password: string): Promise<UserView> {
  const passwordHash = await hashPassword(password);
  return deps.db.transaction(async (tx) => {
    const { user, grants } = await loadManageable(tx, actor, userId);
    if (password === user.username) throw fieldError("password", "user.passwordSameAsUsername");
    const [updated] = await tx.update(users).set({ passwordHash, failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId)).returning();
    await deleteUserSessions(tx, userId);
    // The hash is never audited; only the fact of the reset.
    await writeAudit(tx, actor, deps.clock, [{ action: "user.resetPassword", entityType: "user", entityId: userId, orgPath: grants[0]?.path ?? null }]);
    return toView(actor, updated ?? user, grants);
  });
}
