import type { FastifyInstance } from "fastify";
import { rates, whistle } from "../../../../common/contract/index.js";
import type { AppDeps } from "../../../app.js";
import { registerEndpoint } from "../../../platform/http.js";
import { appealsDeps } from "../appeals-deps.js";
import { appealWorkflow } from "../appeal-workflow.js";
import * as service from "./whistle.service.js";
import { getAutoDepartments, setAutoDepartments } from "./whistle-auto.js";
import { departmentScorecards } from "./scorecards.js";
import { summonsWorkflow } from "./whistle-workflow.js";
import { appealRates } from "../rates/rates.service.js";

/** 吹哨报到 (the whistle board, the department view, check-in events, scorecards) and the three rates (issue 5 items 5, 6). */
export function registerWhistleModule(app: FastifyInstance, appDeps: AppDeps): void {
  const deps = appealsDeps(appDeps);
  const wf = summonsWorkflow();
  const appealWf = appealWorkflow({ timeZone: appDeps.config.timeZone });
  registerEndpoint(app, whistle.blowWhistle, ({ actor, body }) => service.blowWhistle(deps, wf, appealWf, actor, body));
  registerEndpoint(app, whistle.listWhistles, ({ actor, query }) => service.listWhistles(deps, actor, query));
  registerEndpoint(app, whistle.getWhistle, ({ actor, params }) => service.whistleDetail(deps.db, actor, params.id));
  registerEndpoint(app, whistle.mySummons, ({ actor, query }) => service.mySummons(deps, actor, query));
  registerEndpoint(app, whistle.fireSummonsEvent, ({ actor, params, body }) => service.fireSummonsEvent(deps, wf, actor, params.id, body));
  registerEndpoint(app, whistle.departmentScorecards, ({ actor, query }) => departmentScorecards(deps.db, deps.timeZone, actor, query));
  registerEndpoint(app, whistle.getAutoDepartments, ({ actor, params }) => getAutoDepartments(deps, actor, params.id));
  registerEndpoint(app, whistle.setAutoDepartments, ({ actor, params, body }) => setAutoDepartments(deps, actor, params.id, body));
  registerEndpoint(app, rates.appealRates, ({ actor, query }) => appealRates(deps, actor, query));
}
