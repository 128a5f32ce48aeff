import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { users } from "../../db/schema/index.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import type { Clock } from "../../platform/clock.js";
import { AppError } from "../../platform/errors.js";
import { PERMISSIONS, roleHasPermission, type Permission } from "../../../common/roles.js";
import type { Me } from "../../../common/contract/auth.contract.js";
import { burnPasswordCheck, verifyPassword } from "./passwords.js";
import * as repo from "./auth.repo.js";

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
/** A session ends after this long without a request, and in any case after SESSION_MAX_MS. */
export const SESSION_IDLE_MS = 4 * 3600_000;
export const SESSION_MAX_MS = 24 * 3600_000;
/** last_seen_at is refreshed at most this often, so reads do not write on every request. */
const TOUCH_EVERY_MS = 5 * 60_000;

export interface AuthDeps {
  db: Db;
  clock: Clock;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface LoginResult {
  token: string;
  me: Me;
}

/**
 * Checks the password (argon2id); 5 failures in a row lock the account for 15 minutes. A wrong
 * username and a wrong password answer the same, in the same time.
 */
export async function login(deps: AuthDeps, input: { username: string; password: string }): Promise<LoginResult> {
  const { db, clock } = deps;
  const username = input.username.trim().toLowerCase();
  const user = await repo.findUserByUsername(db, username);
  if (!user || user.disabledAt) {
    await burnPasswordCheck(input.password);
    throw new AppError("BAD_CREDENTIALS");
  }
  const now = clock.now();
  if (user.lockedUntil && user.lockedUntil > now) {
    throw lockedOut(user.lockedUntil, now);
  }
  const ok = await verifyPassword(user.passwordHash, input.password);
  if (!ok) {
    const failures = user.lockedUntil ? 1 : user.failedLogins + 1; // an expired lock starts a new count
    const lockedUntil = failures >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : null;
    await db.transaction(async (tx) => {
      await tx.update(users).set({ failedLogins: failures, lockedUntil }).where(eq(users.id, user.id));
      const actor: Actor = { kind: "system", name: "auth" };
      await writeAudit(tx, actor, clock, [
        { action: lockedUntil ? "auth.lockout" : "auth.loginFailed", entityType: "user", entityId: user.id, after: { failedLogins: failures } },
      ]);
    });
    if (lockedUntil) throw lockedOut(lockedUntil, now);
    throw new AppError("BAD_CREDENTIALS");
  }
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const tokenHash = hashToken(token);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
    await repo.insertSession(tx, { tokenHash, userId: user.id, csrfToken, now, expiresAt: new Date(now.getTime() + SESSION_IDLE_MS) });
    const actor: Actor = { kind: "user", userId: user.id, username: user.username, displayName: user.displayName, grants: [] };
    await writeAudit(tx, actor, clock, [{ action: "auth.login", entityType: "user", entityId: user.id }]);
  });
  const session = await repo.findSession(db, tokenHash);
  if (!session) throw new AppError("INTERNAL");
  return { token, me: toMe(session) };
}

function lockedOut(until: Date, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new AppError("LOCKED_OUT", {
    message: { key: "error.LOCKED_OUT", params: { minutes } },
    headers: { "retry-after": String(minutes * 60) },
  });
}

export interface ResolvedSession {
  actor: Extract<Actor, { kind: "user" }>;
  csrfToken: string;
  tokenHash: string;
  me: Me;
}

/** The actor behind a session cookie, or null when the session is unknown, expired or disabled. */
export async function resolveSession(deps: AuthDeps, token: string): Promise<ResolvedSession | null> {
  const tokenHash = hashToken(token);
  const s = await repo.findSession(deps.db, tokenHash);
  if (!s) return null;
  const now = deps.clock.now();
  if (s.disabled || s.expiresAt <= now || now.getTime() - s.createdAt.getTime() > SESSION_MAX_MS) {
    await repo.deleteSession(deps.db, tokenHash);
    return null;
  }
  if (now.getTime() - s.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await repo.touchSession(deps.db, tokenHash, now, new Date(now.getTime() + SESSION_IDLE_MS));
  }
  return {
    actor: { kind: "user", userId: s.userId, username: s.username, displayName: s.displayName, grants: s.grants },
    csrfToken: s.csrfToken,
    tokenHash,
    me: toMe(s),
  };
}

function toMe(s: repo.SessionRow): Me {
  const permissions = PERMISSIONS.filter((p: Permission) => s.grants.some((g) => roleHasPermission(g.role, p)));
  return {
    user: { id: s.userId, username: s.username, displayName: s.displayName },
    grants: s.grants.map((g) => ({
      id: g.id,
      role: g.role,
      orgUnitId: g.orgUnitId,
      orgUnitName: g.scopeName,
      orgUnitLevel: g.scopeLevel,
      divisionCode: g.divisionCode,
    })),
    permissions,
    csrfToken: s.csrfToken,
  };
}

export async function logout(deps: AuthDeps, session: ResolvedSession): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await repo.deleteSession(tx, session.tokenHash);
    await writeAudit(tx, session.actor, deps.clock, [{ action: "auth.logout", entityType: "user", entityId: session.actor.userId }]);
  });
}
