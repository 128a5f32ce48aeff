import type { FastifyInstance } from "fastify";
import multipart from "@fastify/multipart";
import { appealAdmin, appeals, grids } from "../../../common/contract/index.js";
import type { AppDeps } from "../../app.js";
import { registerEndpoint } from "../../platform/http.js";
import { appealsDeps, type AppealsDeps } from "./appeals-deps.js";
import { appealWorkflow, type AppealWorkflow } from "./appeal-workflow.js";
import * as gridService from "./grids.service.js";
import * as signboards from "./signboards.service.js";
import * as appealService from "./appeals.service.js";
import * as inbox from "./notifications.service.js";
import { DEFAULT_INTAKE_LIMITS, registerResidentPages } from "./resident/resident.routes.js";
import { addAttachments, readAppealUploads, UPLOAD_PART_MAX_BYTES } from "./attachments.service.js";
import { summonableDepartmentsOf } from "./whistle/summonable.js";
import * as config from "./config/appeal-config.service.js";
import { MAX_PHOTOS } from "../../../common/appeals.js";

/** Grids, signboards, appeals, notifications and the residents' pages (issue 5). */
export async function registerAppealsModule(app: FastifyInstance, appDeps: AppDeps): Promise<void> {
  const deps = appealsDeps(appDeps);
  const wf = appealWorkflow({ timeZone: appDeps.config.timeZone });
  registerGridRoutes(app, deps);
  registerAppealRoutes(app, deps, wf);
  registerAdminRoutes(app, deps);
  // The multipart parser exists only in this scope (staff uploads), as in the residents' pages.
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: UPLOAD_PART_MAX_BYTES, files: MAX_PHOTOS + 1, fields: 4 } });
    registerEndpoint(scope, appealAdmin.addAppealAttachments, async ({ actor, params, req }) =>
      addAttachments(deps, wf, actor, params.id, await readAppealUploads(req)),
    );
  });
  await registerResidentPages(app, deps, wf, appDeps.config.intakeLimits ?? DEFAULT_INTAKE_LIMITS);
}

function registerGridRoutes(app: FastifyInstance, deps: AppealsDeps): void {
  registerEndpoint(app, grids.listGrids, ({ actor, query }) => gridService.listGrids(deps, actor, query));
  registerEndpoint(app, grids.getGrid, ({ actor, params }) => gridService.getGrid(deps, actor, params.id));
  registerEndpoint(app, grids.createGrid, ({ actor, body }) => gridService.createGrid(deps, actor, body));
  registerEndpoint(app, grids.updateGrid, ({ actor, params, body }) => gridService.updateGrid(deps, actor, params.id, body));
  registerEndpoint(app, grids.deleteGrid, ({ actor, params }) => gridService.deleteGrid(deps, actor, params.id));
  registerEndpoint(app, grids.bulkCreateGrids, ({ actor, body }) => gridService.bulkCreateGrids(deps, actor, body));
  registerEndpoint(app, grids.setGridWorkers, ({ actor, params, body }) => gridService.setGridWorkers(deps, actor, params.id, body));
  registerEndpoint(app, grids.gridSignboard, ({ actor, params, query }) => signboards.gridSignboard(deps, actor, params.id, query.paper));
  registerEndpoint(app, grids.batchSignboards, ({ actor, query }) => signboards.batchSignboards(deps, actor, query.underId, query.paper));
  registerEndpoint(app, grids.rotateSignboard, ({ actor, params }) => signboards.rotateSignboard(deps, actor, params.id));
}

function registerAppealRoutes(app: FastifyInstance, deps: AppealsDeps, wf: AppealWorkflow): void {
  registerEndpoint(app, appeals.listCategories, () => appealService.listCategories(deps.db));
  registerEndpoint(app, appeals.listAppeals, ({ actor, query }) => appealService.listAppeals(deps, actor, query));
  registerEndpoint(app, appeals.getAppeal, ({ actor, params }) => appealService.appealDetail(deps.db, wf, actor, params.id));
  registerEndpoint(app, appeals.fileAppeal, ({ actor, body }) => appealService.fileAppeal(deps, wf, actor, body));
  registerEndpoint(app, appeals.fireEvent, ({ actor, params, body }) => appealService.fireEvent(deps, wf, actor, params.id, body));
  registerEndpoint(app, appeals.requestExtension, ({ actor, params, body }) => appealService.requestExtension(deps, wf, actor, params.id, body));
  registerEndpoint(app, appeals.decideExtension, ({ actor, params, body }) =>
    appealService.decideExtension(deps, wf, actor, params.id, params.extensionId, body),
  );
  registerEndpoint(app, appeals.unmaskAppealPhone, ({ actor, params, body }) => appealService.unmaskPhone(deps, actor, params.id, body.reason));
  registerEndpoint(app, appeals.downloadAppealAttachment, ({ actor, params }) => appealService.downloadAttachment(deps, actor, params.id, params.attachmentId));
  registerEndpoint(app, appeals.listNotifications, ({ actor, query }) => inbox.listNotifications(deps, actor, query));
  registerEndpoint(app, appeals.markNotificationsRead, ({ actor, body }) => inbox.markRead(deps, actor, body));
  registerEndpoint(app, appeals.listNotifierConfigs, ({ actor, query }) => inbox.listConfigs(deps, actor, query.orgUnitId));
  registerEndpoint(app, appeals.createNotifierConfig, ({ actor, body }) => inbox.createConfig(deps, actor, body));
  registerEndpoint(app, appeals.deleteNotifierConfig, ({ actor, params }) => inbox.deleteConfig(deps, actor, params.id));
}

/** What the admin screens needed beyond the first cut: the whistle's pick list, the catalogue. */
function registerAdminRoutes(app: FastifyInstance, deps: AppealsDeps): void {
  registerEndpoint(app, appealAdmin.summonableDepartments, ({ actor, params }) => summonableDepartmentsOf(deps, actor, params.id));
  registerEndpoint(app, appealAdmin.listAdminCategories, () => config.listCategories(deps.db));
  registerEndpoint(app, appealAdmin.createCategory, ({ actor, body }) => config.createCategory(deps, actor, body));
  registerEndpoint(app, appealAdmin.updateCategory, ({ actor, params, body }) => config.updateCategory(deps, actor, params.id, body));
  registerEndpoint(app, appealAdmin.listDeadlineRules, () => config.listRules(deps.db));
  registerEndpoint(app, appealAdmin.putDeadlineRule, ({ actor, body }) => config.putRule(deps, actor, body));
  registerEndpoint(app, appealAdmin.deleteDeadlineRule, ({ actor, params }) => config.deleteRule(deps, actor, params.id));
}
