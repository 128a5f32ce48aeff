import { writeFileSync } from "node:fs";
import cliProgress from "cli-progress";
import type { Db } from "../../../db/client.js";
import { systemActor } from "../../../platform/actor.js";
import type { Clock } from "../../../platform/clock.js";
import { AppError } from "../../../platform/errors.js";
import { createJob } from "../../../platform/jobs.js";
import type { FileStore } from "../../../platform/files.js";
import { translate, type Locale } from "../../../../common/i18n/index.js";
import type { ImportMode } from "../../../../common/contract/party-excel.contract.js";
import * as orgRepo from "../../org/org.repo.js";
import { partyOrgsUnder } from "../party-orgs.repo.js";
import { errorWorkbook } from "../excel/error-workbook.js";
import { MEMBER_IMPORT_JOB, runImportJob } from "./import-job.service.js";
import type { ImportPhase } from "./member-import.js";

const PHASE_LABEL: Record<ImportPhase, string> = { reading: "读取", checking: "校验", writing: "写入", done: "完成" };

/**
 * `zhenxing import-members <file> --org <code>`: the same job code as the web import, with a
 * progress bar on the terminal. Writes the error workbook next to the file (or to `errorsPath`)
 * when rows are refused. Returns the process exit code: 0 imported, 1 refused.
 */
export async function importMembersCli(
  deps: { db: Db; clock: Clock; secret: string; files: FileStore },
  args: { file: string; orgCode: string; mode: ImportMode; errorsPath: string | undefined; locale: Locale },
  out: { log: (s: string) => void; stream: NodeJS.WriteStream },
): Promise<number> {
  const unit = await orgRepo.findByCode(deps.db, args.orgCode);
  if (!unit || unit.revokedAt) throw new AppError("NOT_FOUND", { message: { key: "import.unknownOrgCode", params: { code: args.orgCode } } });
  const actor = systemActor("cli");
  const job = await createJob(deps.db, { kind: MEMBER_IMPORT_JOB, actorId: null, orgPath: unit.path, now: deps.clock.now() });
  const bar = new cliProgress.SingleBar(
    { format: "{phase} [{bar}] {value}/{total}", stream: out.stream, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const onProgress = (phase: ImportPhase, done: number, total: number | null): void => {
    if (!started) {
      bar.start(total ?? 0, 0, { phase: PHASE_LABEL[phase] });
      started = true;
    }
    if (total !== null) bar.setTotal(total);
    else bar.setTotal(Math.max(done, 1));
    bar.update(done, { phase: PHASE_LABEL[phase] });
  };
  let outcome;
  try {
    outcome = await runImportJob(deps, actor, { id: job.id, filePath: args.file, unit, mode: args.mode, fileName: args.file, keepFile: true }, onProgress, (cause) =>
      out.log(`${args.file}: ${cause instanceof Error ? cause.message : String(cause)}`),
    );
  } finally {
    if (started) bar.stop();
  }
  const tr = (key: string, params?: Record<string, string | number>): string => translate(args.locale, key, params);
  out.log(`rows ${outcome.rows}, created ${outcome.created}, updated ${outcome.updated}, unchanged ${outcome.unchanged}, refused ${outcome.badRows}`);
  if (outcome.message) out.log(tr(outcome.message.key, outcome.message.params));
  if (outcome.bad.length > 0) {
    const path = args.errorsPath ?? args.file.replace(/(\.xlsx)?$/i, ".errors.xlsx");
    const names = (await partyOrgsUnder(deps.db, unit.path)).map((o) => o.name);
    writeFileSync(path, await errorWorkbook(outcome.bad, [...new Set(names)].sort(), args.locale), { mode: 0o600 });
    out.log(`error report: ${path}`);
    for (const s of outcome.samples.slice(0, 5)) out.log(`  ${tr("import.rowError", { row: s.row, message: s.messages.map((m) => tr(m.key, m.params)).join("；") })}`);
  }
  return outcome.applied ? 0 : 1;
}
