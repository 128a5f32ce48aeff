import { createHmac, randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { open311Keys } from "../../db/schema/index.js";
import { authorize, scopePaths } from "../../authz/policy.js";
import { inScope } from "../../authz/scope-sql.js";
import { actorId, type Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import type { Clock } from "../../platform/clock.js";
import { AppError, fieldError } from "../../platform/errors.js";
import type { Open311Key } from "../../../common/contract/open311.contract.js";

export interface KeyDeps {
  db: Db;
  clock: Clock;
  secret: string;
}

/** A keyed hash, so a stolen table does not give usable keys (and lookups stay exact). */
export function hashKey(secret: string, key: string): string {
  return createHmac("sha256", `${secret}:open311`).update(key).digest("hex");
}

/** A new key: a readable prefix and 32 random bytes. */
export function newKey(): string {
  return `zx311_${randomBytes(32).toString("base64url")}`;
}

interface KeyRow {
  id: string;
  name: string;
  org_unit_id: string;
  org_unit_name: string;
  path: string;
  level: string;
  key_prefix: string;
  created_at: Date | string;
  revoked_at: Date | string | null;
  last_used_at: Date | string | null;
}

const SELECT_KEY = sql`SELECT k.id, k.name, k.org_unit_id, u.name AS org_unit_name, u.path, u.level, k.key_prefix, k.created_at, k.revoked_at, k.last_used_at
  FROM open311_keys k JOIN org_units u ON u.id = k.org_unit_id`;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toKey(r: KeyRow): Open311Key {
  return {
    id: r.id,
    name: r.name,
    orgUnitId: r.org_unit_id,
    orgUnitName: r.org_unit_name,
    keyPrefix: r.key_prefix,
    createdAt: iso(r.created_at) ?? "",
    revokedAt: iso(r.revoked_at),
    lastUsedAt: iso(r.last_used_at),
  };
}

export async function listKeys(deps: KeyDeps, actor: Actor): Promise<{ items: Open311Key[] }> {
  const rows = await queryRows<KeyRow>(deps.db, sql`${SELECT_KEY} WHERE ${inScope(sql`u.path`, scopePaths(actor, "open311.manage"))} ORDER BY k.created_at DESC, k.id`);
  return { items: rows.map(toKey) };
}

/** Issues a key for a district or town in the admin's scope; the plain key is returned once. */
export async function issueKey(deps: KeyDeps, actor: Actor, body: { orgUnitId: string; name: string }): Promise<Open311Key & { key: string }> {
  return deps.db.transaction(async (tx) => {
    const [unit] = await queryRows<{ id: string; path: string; level: string }>(tx, sql`SELECT id, path, level FROM org_units WHERE id = ${body.orgUnitId} AND revoked_at IS NULL`);
    if (!unit) throw fieldError("orgUnitId", "open311.keyUnit");
    authorize(actor, "open311.manage", unit);
    if (unit.level !== "district" && unit.level !== "town") throw fieldError("orgUnitId", "open311.keyUnit");
    const key = newKey();
    const now = deps.clock.now();
    const [row] = await tx
      .insert(open311Keys)
      .values({ orgUnitId: unit.id, name: body.name, keyHash: hashKey(deps.secret, key), keyPrefix: key.slice(0, 10), createdBy: actorId(actor), createdAt: now })
      .returning({ id: open311Keys.id });
    if (!row) throw new AppError("INTERNAL");
    await writeAudit(tx, actor, deps.clock, [
      { action: "open311.issueKey", entityType: "open311Key", entityId: row.id, orgPath: unit.path, after: { name: body.name, prefix: key.slice(0, 10) } },
    ]);
    const [stored] = await queryRows<KeyRow>(tx, sql`${SELECT_KEY} WHERE k.id = ${row.id}`);
    if (!stored) throw new AppError("INTERNAL");
    return { ...toKey(stored), key };
  });
}

export async function revokeKey(deps: KeyDeps, actor: Actor, id: string): Promise<Open311Key> {
  return deps.db.transaction(async (tx) => {
    const [k] = await queryRows<KeyRow>(tx, sql`${SELECT_KEY} WHERE k.id = ${id} FOR UPDATE OF k`);
    if (!k) throw new AppError("NOT_FOUND");
    authorize(actor, "open311.manage", k);
    if (k.revoked_at === null) {
      await tx.update(open311Keys).set({ revokedAt: deps.clock.now() }).where(eq(open311Keys.id, id));
      await writeAudit(tx, actor, deps.clock, [{ action: "open311.revokeKey", entityType: "open311Key", entityId: id, orgPath: k.path, before: { revokedAt: null } }]);
    }
    const [stored] = await queryRows<KeyRow>(tx, sql`${SELECT_KEY} WHERE k.id = ${id}`);
    if (!stored) throw new AppError("INTERNAL");
    return toKey(stored);
  });
}

export interface KeyHolder {
  id: string;
  name: string;
  unitId: string;
  path: string;
  level: "district" | "town";
  prefix: string;
}

/** The live key matching `key`, or null; marks it used. */
export async function checkKey(deps: KeyDeps, key: string): Promise<KeyHolder | null> {
  if (!key) return null;
  const [k] = await queryRows<KeyRow>(deps.db, sql`${SELECT_KEY} WHERE k.key_hash = ${hashKey(deps.secret, key)} AND k.revoked_at IS NULL`);
  if (!k || (k.level !== "district" && k.level !== "town")) return null;
  await deps.db.update(open311Keys).set({ lastUsedAt: deps.clock.now() }).where(eq(open311Keys.id, k.id));
  return { id: k.id, name: k.name, unitId: k.org_unit_id, path: k.path, level: k.level, prefix: k.key_prefix };
}
