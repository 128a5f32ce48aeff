import { randomUUID } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import type { Actor } from "../../../platform/actor.js";
import { writeAudit, type AuditRecord } from "../../../platform/audit.js";
import type { Clock } from "../../../platform/clock.js";
import type { MessageRef } from "../../../../common/errors.js";
import type { ImportMode } from "../../../../common/contract/party-excel.contract.js";
import { memberCipher } from "../member-pii.js";
import { bulkInsert, type BulkColumn } from "../bulk-sql.js";
import { auditAfter, columnsOf, type MemberColumns } from "../member-record.js";
import { findByIdHashes, findMemberRows, type MemberRow } from "../members.repo.js";
import { partyOrgsUnder } from "../party-orgs.repo.js";
import { ROSTER_TEMPLATE_ID, ROSTER_TEMPLATE_VERSION } from "../excel/roster-columns.js";
import type { RosterFile } from "../excel/roster-reader.js";
import { factsOfRows, planRows, type ExistingHolder, type PlannedRow, type RowErrors } from "./import-plan.js";

export type ImportPhase = "reading" | "checking" | "writing" | "done";
export type Progress = (phase: ImportPhase, done: number, total: number | null) => Promise<void> | void;

/** The outcome as stored on the job (messages as keys, localised when read). */
export interface ImportOutcome {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  badRows: number;
  applied: boolean;
  message: MessageRef | null;
  samples: { row: number; messages: MessageRef[] }[];
  /** Every refused row with its reasons, for the error workbook. */
  bad: Extract<PlannedRow, { kind: "error" }>[];
}

const LOOKUP_CHUNK = 10_000;
/** Rows per bulk insert (one array parameter per column, whatever the count). */
const WRITE_CHUNK = 1000;
/** Rows per multi-row UPDATE … FROM (VALUES …): 17 parameters a row, under PostgreSQL's 65,535. */
const UPDATE_CHUNK = 1000;
const SAMPLES = 20;

function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

function refused(rows: number, message: MessageRef): ImportOutcome {
  return { rows, created: 0, updated: 0, unchanged: 0, badRows: 0, applied: false, message, samples: [], bad: [] };
}

async function membersByIds(db: Db, ids: readonly string[], underPath: string): Promise<Map<string, MemberRow>> {
  const out = new Map<string, MemberRow>();
  for (const part of chunks([...new Set(ids)], LOOKUP_CHUNK)) {
    for (const m of await findMemberRows(db, part)) if (m.path.startsWith(underPath)) out.set(m.id, m);
  }
  return out;
}

/**
 * Imports a parsed roster into the subtree of one org unit: validates every row (set-based
 * look-ups, never a query per row), then writes all creates and updates in ONE transaction with
 * an audit record per member changed. `allOrNothing` writes nothing when any row is bad;
 * `validRows` writes the good rows and reports the rest. The caller has authorised the actor
 * for `party.manage` over the unit. Takes the file's rows over (`file.rows` is emptied) so a
 * 50,000-row roster is not held twice while writing.
 */
export async function importRoster(
  deps: { db: Db; clock: Clock; secret: string },
  actor: Actor,
  input: { file: RosterFile; unit: { id: string; path: string }; mode: ImportMode; fileName: string },
  progress: Progress,
): Promise<ImportOutcome> {
  const { file } = input;
  if (file.problem) return refused(0, file.problem);
  if (file.meta && file.meta.templateId !== ROSTER_TEMPLATE_ID) return refused(0, { key: "import.wrongTemplate", params: { found: file.meta.templateId } });
  if (file.meta && file.meta.version > ROSTER_TEMPLATE_VERSION) return refused(0, { key: "import.newerTemplate", params: { version: file.meta.version } });
  const total = file.rows.length;
  const cipher = memberCipher(deps.secret);
  await progress("checking", 0, total);

  const orgs = await partyOrgsUnder(deps.db, input.unit.path);
  const byId = await membersByIds(
    deps.db,
    file.rows.flatMap((r) => (r.cells.memberId && /^[0-9a-f-]{36}$/i.test(r.cells.memberId) ? [r.cells.memberId.toLowerCase()] : [])),
    input.unit.path,
  );
  let facts = factsOfRows(file.rows, { orgs, membersById: byId, cipher, asOf: deps.clock.now() });
  // The parsed rows live on in `facts` (and the refused ones in the plan); let go of the file's list.
  file.rows = [];
  await progress("checking", Math.round(total / 2), total);

  const holders = new Map<string, ExistingHolder>();
  for (const part of chunks(facts.flatMap((f) => (f.hash ? [f.hash] : [])), LOOKUP_CHUNK)) {
    for (const h of await findByIdHashes(deps.db, part)) holders.set(h.hash, h);
  }
  // Members matched by ID number (a re-imported ordinary roster) need their stored record too.
  const missing = [...holders.values()].map((h) => h.memberId).filter((id) => !byId.has(id));
  for (const [id, m] of await membersByIds(deps.db, missing, input.unit.path)) byId.set(id, m);
  let plan = planRows(facts, { holders, membersById: byId, cipher });
  facts = [];
  await progress("checking", total, total);

  const bad = plan.filter((p): p is Extract<PlannedRow, { kind: "error" }> => p.kind === "error");
  const creates = plan.filter((p): p is Extract<PlannedRow, { kind: "create" }> => p.kind === "create");
  const updates = plan.filter((p): p is Extract<PlannedRow, { kind: "update" }> => p.kind === "update");
  const unchanged = plan.filter((p) => p.kind === "unchanged").length;
  plan = [];
  const samples = bad.slice(0, SAMPLES).map((b) => ({ row: b.row, messages: Object.values(b.errors as RowErrors).filter((m): m is MessageRef => !!m) }));
  const base = { rows: total, unchanged, badRows: bad.length, samples, bad };
  if (bad.length > 0 && input.mode === "allOrNothing") {
    return { ...base, created: 0, updated: 0, unchanged: 0, applied: false, message: { key: "import.refused", params: { n: bad.length } } };
  }
  if (creates.length + updates.length > 0) {
    await progress("writing", 0, creates.length + updates.length);
    await writePlan(deps, actor, { creates, updates, unit: input.unit, fileName: input.fileName, orgPaths: new Map(orgs.map((o) => [o.id, o.path])) }, cipher);
  }
  await progress("done", total, total);
  return { ...base, created: creates.length, updated: updates.length, applied: true, message: null };
}

type Create = Extract<PlannedRow, { kind: "create" }>;
type Update = Extract<PlannedRow, { kind: "update" }>;

const UPDATE_COLUMNS: [keyof MemberColumns, string, string][] = [
  ["name", "name", "text"],
  ["gender", "gender", "text"],
  ["birthDate", "birth_date", "date"],
  ["idType", "id_type", "text"],
  ["idNumberCipher", "id_number_cipher", "text"],
  ["idNumberHash", "id_number_hash", "text"],
  ["idMasked", "id_masked", "text"],
  ["phoneCipher", "phone_cipher", "text"],
  ["phoneHash", "phone_hash", "text"],
  ["phoneMasked", "phone_masked", "text"],
  ["education", "education", "text"],
  ["joinedOn", "joined_on", "date"],
  ["status", "status", "text"],
  ["probationEndsOn", "probation_ends_on", "date"],
  ["mobileMember", "mobile_member", "boolean"],
  ["mobileWorkplace", "mobile_workplace", "text"],
];

const CREATE_COLUMNS: BulkColumn[] = [
  { name: "id", type: "uuid" },
  { name: "party_org_id", type: "uuid" },
  ...UPDATE_COLUMNS.map(([, name, type]) => ({ name, type }) as BulkColumn),
  { name: "created_at", type: "timestamptz" },
  { name: "updated_at", type: "timestamptz" },
];

async function writePlan(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  w: { creates: Create[]; updates: Update[]; unit: { id: string; path: string }; fileName: string; orgPaths: Map<string, string> },
  cipher: ReturnType<typeof memberCipher>,
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    // Audit records are written per chunk (same transaction, the chain continues) so that
    // memory holds one chunk's records, not 50,000.
    for (const part of chunks(w.creates, WRITE_CHUNK)) {
      const rows = part.map((c) => ({ id: randomUUID(), partyOrgId: c.partyOrgId, cols: columnsOf(cipher, c.facts) }));
      await bulkInsert(tx, "members", CREATE_COLUMNS, rows.map((r) => [r.id, r.partyOrgId, ...UPDATE_COLUMNS.map(([k]) => r.cols[k]), now, now]));
      const audit = rows.map((r): AuditRecord => ({
        action: "member.create",
        entityType: "member",
        entityId: r.id,
        orgPath: w.orgPaths.get(r.partyOrgId) ?? w.unit.path,
        after: { ...auditAfter(r.cols, r.partyOrgId), via: "import" },
      }));
      await writeAudit(tx, actor, deps.clock, audit);
    }
    for (const part of chunks(w.updates, UPDATE_CHUNK)) {
      const rows: SQL[] = part.map((u) => {
        const cols = columnsOf(cipher, u.facts);
        const cells = UPDATE_COLUMNS.map(([k, , type]) => sql`${cols[k]}::${sql.raw(type)}`);
        return sql`(${u.member.id}::uuid, ${sql.join(cells, sql`, `)})`;
      });
      const names = UPDATE_COLUMNS.map(([, col]) => col);
      await tx.execute(sql`UPDATE members AS m SET ${sql.raw(names.map((n) => `${n} = v.${n}`).join(", "))}, updated_at = ${now}
        FROM (VALUES ${sql.join(rows, sql`, `)}) AS v(id, ${sql.raw(names.join(", "))}) WHERE m.id = v.id`);
      const audit = part.map((u): AuditRecord => ({ action: "member.update", entityType: "member", entityId: u.member.id, orgPath: u.member.path, before: u.before, after: { ...u.after, via: "import" } }));
      await writeAudit(tx, actor, deps.clock, audit);
    }
    await writeAudit(tx, actor, deps.clock, [
      {
        action: "member.import",
        entityType: "orgUnit",
        entityId: w.unit.id,
        orgPath: w.unit.path,
        after: { fileName: w.fileName, created: w.creates.length, updated: w.updates.length },
      },
    ]);
  });
}
