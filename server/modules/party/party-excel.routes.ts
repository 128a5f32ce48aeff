import type { FastifyInstance } from "fastify";
import { partyExcel } from "../../../common/contract/index.js";
import { IMPORT_MAX_BYTES } from "../../../common/party.js";
import { registerEndpoint } from "../../platform/http.js";
import { readUpload, type PartyModuleDeps } from "./party-deps.js";
import * as excel from "./party-excel.service.js";
import * as jobs from "./import/import-job.service.js";

export function registerPartyExcelRoutes(app: FastifyInstance, deps: PartyModuleDeps): void {
  registerEndpoint(app, partyExcel.memberTemplate, ({ actor }) => excel.memberTemplate(deps, actor));
  registerEndpoint(app, partyExcel.importMembers, async ({ actor, query, req }) =>
    jobs.startMemberImport(deps, actor, { ...query, upload: await readUpload(req, IMPORT_MAX_BYTES) }, req.locale, {
      failed: (err) => req.log.error({ err }, "member import failed"),
      unreadable: (err) => req.log.warn({ err }, "member import: the workbook could not be read"),
    }),
  );
  registerEndpoint(app, partyExcel.getJob, ({ actor, params, req }) => jobs.getJob(deps, actor, params.id, req.locale));
  registerEndpoint(app, partyExcel.jobErrorWorkbook, ({ actor, params }) => jobs.jobErrorWorkbook(deps, actor, params.id));
  registerEndpoint(app, partyExcel.exportMembers, ({ actor, body }) => excel.exportMembers(deps, actor, body));
  registerEndpoint(app, partyExcel.attendanceWorkbook, ({ actor, params, query }) => excel.attendanceWorkbook(deps, actor, params.id, query.blank ?? false));
  registerEndpoint(app, partyExcel.importAttendance, async ({ actor, params, req }) =>
    excel.importAttendance(deps, actor, params.id, await readUpload(req, 2 * 1024 * 1024)),
  );
}
