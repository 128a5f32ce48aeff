import { createWriteStream } from "node:fs";
import { open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type { Db } from "../../../db/client.js";
import type { Actor } from "../../../platform/actor.js";
import type { Clock } from "../../../platform/clock.js";
import { AppError } from "../../../platform/errors.js";
import type { FileStore } from "../../../platform/files.js";
import { createJob, finishJob, findJob, isStale, reportProgress, type JobRow } from "../../../platform/jobs.js";
import { authorize } from "../../../authz/policy.js";
import { translate, type Locale } from "../../../../common/i18n/index.js";
import { XLSX_CONTENT_TYPE, type FileDownload } from "../../../../common/contract/endpoint.js";
import type { ImportMode, JobView } from "../../../../common/contract/party-excel.contract.js";
import type { MessageRef } from "../../../../common/errors.js";
import { IMPORT_MAX_BYTES } from "../../../../common/party.js";
import * as orgRepo from "../../org/org.repo.js";
import { partyOrgsUnder } from "../party-orgs.repo.js";
import { memberCipher } from "../member-pii.js";
import { readRosterFile } from "../excel/roster-reader.js";
import { errorWorkbook } from "../excel/error-workbook.js";
import { tooLarge, type Upload } from "../attachments.service.js";
import { importRoster, type ImportOutcome, type ImportPhase } from "./member-import.js";

export interface ImportDeps {
  db: Db;
  clock: Clock;
  secret: string;
  files: FileStore;
}

export const MEMBER_IMPORT_JOB = "memberImport";
const ERRORS_CONTEXT = "job.errorWorkbook";
const PROGRESS_EVERY = 1000;

/** What the job row keeps: the outcome without the bad rows themselves (they go to the workbook). */
type StoredResult = Omit<ImportOutcome, "bad"> & { hasErrorWorkbook: boolean };

const errorsKey = (jobId: string): string => `imports/${jobId}/errors.xlsx.enc`;

/** Loads the unit an import targets, authorising `party.manage` over it. */
export async function importUnit(db: Db, actor: Actor, orgUnitId: string): Promise<{ id: string; path: string; name: string }> {
  const unit = await orgRepo.findById(db, orgUnitId);
  if (!unit || unit.revokedAt) throw new AppError("NOT_FOUND");
  authorize(actor, "party.manage", unit);
  return unit;
}

/** Saves an upload to a private temp file (the job reads it after the request has ended). */
async function saveTemp(upload: Upload): Promise<string> {
  const path = join(tmpdir(), `zx-import-${randomUUID()}.xlsx`);
  try {
    await pipeline(Readable.from(upload.stream), createWriteStream(path, { mode: 0o600 }));
    if (upload.truncated()) throw tooLarge(IMPORT_MAX_BYTES);
    const fh = await open(path, "r");
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    await fh.close();
    // An .xlsx is a zip file; an old .xls or a CSV is refused before a job starts.
    if (head.readUInt32BE(0) !== 0x504b0304) throw new AppError("UNSUPPORTED_MEDIA_TYPE", { message: { key: "import.notXlsx" } });
    return path;
  } catch (err) {
    await rm(path, { force: true });
    if ((err as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge(IMPORT_MAX_BYTES);
    throw err;
  }
}

/**
 * Runs a member import from a file on disk, reporting progress on the job row every 1,000 rows
 * (and through `onProgress`, e.g. the CLI's bar). Stores the outcome and, when rows were
 * refused, the error workbook (encrypted: it holds what the user typed, ID numbers included).
 */
export async function runImportJob(
  deps: ImportDeps,
  actor: Actor,
  job: { id: string; filePath: string; unit: { id: string; path: string }; mode: ImportMode; fileName: string; keepFile?: boolean },
  onProgress: (phase: ImportPhase, done: number, total: number | null) => void = () => {},
  logCause: (cause: unknown) => void = () => {},
): Promise<ImportOutcome> {
  let lastReported = -PROGRESS_EVERY;
  const report = async (phase: ImportPhase, done: number, total: number | null): Promise<void> => {
    onProgress(phase, done, total);
    if (phase === "reading" && done - lastReported < PROGRESS_EVERY) return;
    lastReported = done;
    await reportProgress(deps.db, job.id, { phase, done, total, now: deps.clock.now() });
  };
  try {
    let pending: Promise<void> = Promise.resolve();
    const file = await readRosterFile(job.filePath, (n) => {
      pending = pending.then(() => report("reading", n, null));
    });
    await pending;
    // The user sees 无法读取该 Excel 文件; the operator needs the parser's own error to tell a
    // damaged file from a reader bug (exceljs#3064 hid behind this message for a while).
    if (file.cause !== undefined) logCause(file.cause);
    const outcome = await importRoster(deps, actor, { file, unit: job.unit, mode: job.mode, fileName: job.fileName }, report);
    let hasErrorWorkbook = false;
    if (outcome.bad.length > 0) {
      const names = (await partyOrgsUnder(deps.db, job.unit.path)).map((o) => o.name);
      const book = await errorWorkbook(outcome.bad.map((b) => ({ parsed: b.parsed, errors: b.errors })), [...new Set(names)].sort());
      const token = memberCipher(deps.secret).encrypt(book.toString("base64"), ERRORS_CONTEXT);
      await deps.files.put(errorsKey(job.id), Buffer.from(token, "utf8"));
      hasErrorWorkbook = true;
    }
    const { bad: _bad, ...rest } = outcome;
    const result: StoredResult = { ...rest, hasErrorWorkbook };
    await finishJob(deps.db, job.id, { status: rest.applied ? "succeeded" : "failed", result, now: deps.clock.now() });
    return outcome;
  } catch (err) {
    const message: MessageRef = err instanceof AppError ? err.messageRef : { key: "error.INTERNAL" };
    const result: StoredResult = { rows: 0, created: 0, updated: 0, unchanged: 0, badRows: 0, applied: false, message, samples: [], hasErrorWorkbook: false };
    await finishJob(deps.db, job.id, { status: "failed", result, now: deps.clock.now() }).catch(() => undefined);
    throw err;
  } finally {
    // The web's upload is a private temp copy; the CLI's file is the operator's own.
    if (!job.keepFile) await rm(job.filePath, { force: true });
  }
}

/**
 * Starts importing an uploaded roster into an org unit's subtree and returns the job at once;
 * the import runs in this process and the UI polls the job.
 */
export async function startMemberImport(
  deps: ImportDeps,
  actor: Actor,
  input: { orgUnitId: string; mode: ImportMode; upload: Upload },
  locale: Locale,
  log: { failed: (err: unknown) => void; unreadable: (cause: unknown) => void },
): Promise<JobView> {
  const unit = await importUnit(deps.db, actor, input.orgUnitId);
  const filePath = await saveTemp(input.upload);
  const job = await createJob(deps.db, { kind: MEMBER_IMPORT_JOB, actorId: actor.kind === "user" ? actor.userId : null, orgPath: unit.path, now: deps.clock.now() });
  void runImportJob(deps, actor, { id: job.id, filePath, unit, mode: input.mode, fileName: input.upload.fileName }, undefined, log.unreadable).catch(log.failed);
  return toJobView(job, locale, deps.clock.now());
}

function toJobView(job: JobRow, locale: Locale, now: Date): JobView {
  const stale = isStale(job, now);
  const stored = (job.result ?? null) as StoredResult | null;
  const tr = (m: MessageRef): string => translate(locale, m.key, m.params);
  const result = stale
    ? { rows: 0, created: 0, updated: 0, unchanged: 0, badRows: 0, applied: false, message: translate(locale, "job.stale"), samples: [], hasErrorWorkbook: false }
    : stored && {
        ...stored,
        message: stored.message ? tr(stored.message) : null,
        samples: stored.samples.map((s) => ({ row: s.row, messages: s.messages.map(tr) })),
      };
  return {
    id: job.id,
    kind: job.kind,
    status: stale ? "failed" : job.status,
    phase: job.phase,
    done: job.done,
    total: job.total,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    result: result ?? null,
  };
}

/** A job of the actor's own (anyone else's, or a missing one, is NOT_FOUND). */
async function ownJob(db: Db, actor: Actor, id: string): Promise<JobRow> {
  const job = await findJob(db, id);
  if (!job || (actor.kind === "user" && job.actorId !== actor.userId)) throw new AppError("NOT_FOUND");
  return job;
}

export async function getJob(deps: ImportDeps, actor: Actor, id: string, locale: Locale): Promise<JobView> {
  return toJobView(await ownJob(deps.db, actor, id), locale, deps.clock.now());
}

export async function jobErrorWorkbook(deps: ImportDeps, actor: Actor, id: string): Promise<FileDownload> {
  const job = await ownJob(deps.db, actor, id);
  const stream = (job.result as StoredResult | null)?.hasErrorWorkbook ? await deps.files.get(errorsKey(job.id)) : null;
  if (!stream) throw new AppError("NOT_FOUND", { message: { key: "job.noErrors" } });
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  const token = Buffer.concat(chunks).toString("utf8");
  const body = Buffer.from(memberCipher(deps.secret).decrypt(token, ERRORS_CONTEXT), "base64");
  return { fileName: `导入错误报告-${job.createdAt.toISOString().slice(0, 10)}.xlsx`, contentType: XLSX_CONTENT_TYPE, body };
}
