import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client.js";
import { recordsetInsert } from "../db/recordset.js";
import { auditLog } from "../db/schema/index.js";
import { actorId, actorName, type Actor } from "./actor.js";
import { canonicalJson, normalise } from "./canonical.js";
import type { Clock } from "./clock.js";

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId?: string | null;
  /** Org path the record concerns (for scoped audit views). */
  orgPath?: string | null;
  before?: unknown;
  after?: unknown;
}

export const GENESIS_HASH = "0".repeat(64);

export interface ChainFields {
  seq: bigint;
  at: Date;
  actorId: string | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  orgPath: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
}

/** sha256 over the previous hash and every field of the row, in a fixed order. */
export function chainHash(r: ChainFields): string {
  const text = [
    r.prevHash,
    r.seq.toString(),
    r.at.toISOString(),
    r.actorId ?? "",
    r.actorName,
    r.action,
    r.entityType,
    r.entityId ?? "",
    r.orgPath ?? "",
    canonicalJson(r.before ?? null),
    canonicalJson(r.after ?? null),
  ].join("\n");
  return createHash("sha256").update(text).digest("hex");
}

const INSERT_BATCH = 500;

/**
 * Appends audit records inside the caller's transaction. The chain needs the previous row, so
 * writers take a transaction-scoped advisory lock (on PostgreSQL several processes write) right
 * before reading the tail; it is held only until the caller commits.
 */
export async function writeAudit(tx: Db, actor: Actor, clock: Clock, records: AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('zhenxing.audit'))`);
  const [tail] = await queryRows<{ tail_seq: string; hash: string }>(
    tx,
    sql`SELECT a.seq::text AS tail_seq, a.hash FROM audit_log a ORDER BY a.seq DESC LIMIT 1`,
  );
  let seq = tail ? BigInt(tail.tail_seq) : 0n;
  let prevHash = tail?.hash ?? GENESIS_HASH;
  const at = clock.now();
  const rows = records.map((r) => {
    seq += 1n;
    const fields: ChainFields = {
      seq,
      at,
      actorId: actorId(actor),
      actorName: actorName(actor),
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId ?? null,
      orgPath: r.orgPath ?? null,
      before: normalise(r.before ?? null),
      after: normalise(r.after ?? null),
      prevHash,
    };
    const hash = chainHash(fields);
    prevHash = hash;
    return { ...fields, hash };
  });
  // One JSON parameter per chunk rather than Drizzle's parameter per cell: building the latter
  // cost ~40 µs of CPU per record in a batch of intake reports (BENCHMARKS.md, appeal-intake notes).
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await tx.execute(recordsetInsert(auditLog, rows.slice(i, i + INSERT_BATCH)));
  }
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** The first row whose hash or link does not match, with the reason. */
  firstBroken?: { seq: string; reason: string };
}

/** Walks the whole chain in order, in pages, and reports the first broken link. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1n;
  let checked = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.seq} >= ${expectedSeq.toString()}::bigint`)
      .orderBy(auditLog.seq)
      .limit(pageSize);
    if (page.length === 0) return { ok: true, checked };
    for (const row of page) {
      if (row.seq !== expectedSeq) {
        return { ok: false, checked, firstBroken: { seq: expectedSeq.toString(), reason: `row ${expectedSeq} is missing` } };
      }
      if (row.prevHash !== prevHash) {
        return { ok: false, checked, firstBroken: { seq: row.seq.toString(), reason: "prev_hash does not match the previous row" } };
      }
      const recomputed = chainHash({ ...row, prevHash: row.prevHash });
      if (recomputed !== row.hash) {
        return { ok: false, checked, firstBroken: { seq: row.seq.toString(), reason: "row content does not match its hash (edited)" } };
      }
      prevHash = row.hash;
      expectedSeq += 1n;
      checked += 1;
    }
  }
}
