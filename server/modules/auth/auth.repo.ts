import { eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { sessions, users } from "../../db/schema/index.js";
import type { Grant } from "../../platform/actor.js";
import type { OrgLevel, Role } from "../../../common/roles.js";

export interface SessionRow {
  userId: string;
  username: string;
  displayName: string;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
  disabled: boolean;
  grants: Grant[];
}

interface RawGrant {
  id: string;
  role: Role;
  org_unit_id: string;
  path: string;
  level: OrgLevel;
  name: string;
  division_code: string | null;
  department_id: string | null;
}

export function toGrant(g: RawGrant): Grant {
  return {
    id: g.id,
    role: g.role,
    orgUnitId: g.org_unit_id,
    scopePath: g.path,
    scopeLevel: g.level,
    scopeName: g.name,
    divisionCode: g.division_code,
    departmentId: g.department_id,
  };
}

/** The session, its user and the user's grants in one round trip. */
export async function findSession(db: Db, tokenHash: string): Promise<SessionRow | null> {
  const rows = await queryRows<{
    user_id: string;
    username: string;
    display_name: string;
    csrf_token: string;
    created_at: string | Date;
    expires_at: string | Date;
    last_seen_at: string | Date;
    disabled: boolean;
    grants: RawGrant[] | string;
  }>(
    db,
    sql`SELECT s.user_id, u.username, u.display_name, s.csrf_token, s.created_at, s.expires_at, s.last_seen_at,
          (u.disabled_at IS NOT NULL) AS disabled,
          coalesce((SELECT json_agg(json_build_object('id', g.id, 'role', g.role, 'org_unit_id', g.org_unit_id,
              'path', o.path, 'level', o.level, 'name', o.name, 'division_code', o.division_code,
              'department_id', g.department_id) ORDER BY o.depth, g.created_at)
            FROM role_grants g JOIN org_units o ON o.id = g.org_unit_id WHERE g.user_id = u.id), '[]'::json) AS grants
        FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = ${tokenHash}`,
  );
  const r = rows[0];
  if (!r) return null;
  const grants = (typeof r.grants === "string" ? JSON.parse(r.grants) : r.grants) as RawGrant[];
  return {
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    csrfToken: r.csrf_token,
    createdAt: new Date(r.created_at),
    expiresAt: new Date(r.expires_at),
    lastSeenAt: new Date(r.last_seen_at),
    disabled: r.disabled,
    grants: grants.map(toGrant),
  };
}

export async function insertSession(
  db: Db,
  row: { tokenHash: string; userId: string; csrfToken: string; now: Date; expiresAt: Date },
): Promise<void> {
  await db.insert(sessions).values({
    tokenHash: row.tokenHash,
    userId: row.userId,
    csrfToken: row.csrfToken,
    createdAt: row.now,
    lastSeenAt: row.now,
    expiresAt: row.expiresAt,
  });
}

export async function touchSession(db: Db, tokenHash: string, now: Date, expiresAt: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.delete(sessions).where(sql`${sessions.expiresAt} < ${now}`);
}

export async function findUserByUsername(db: Db, username: string) {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  return row ?? null;
}
