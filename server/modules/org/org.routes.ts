import type { FastifyInstance } from "fastify";
import { org } from "../../../common/contract/index.js";
import type { AppDeps } from "../../app.js";
import { registerEndpoint } from "../../platform/http.js";
import * as service from "./org.service.js";

export function registerOrgRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerEndpoint(app, org.listOrgUnits, ({ actor, query }) => service.listUnits(deps, actor, query));
  registerEndpoint(app, org.orgStats, ({ actor, query }) => service.stats(deps, actor, query.rootId));
  registerEndpoint(app, org.getOrgUnit, ({ actor, params }) => service.getUnit(deps, actor, params.id));
  registerEndpoint(app, org.updateOrgUnit, ({ actor, params, body }) => service.updateUnit(deps, actor, params.id, body));
  registerEndpoint(app, org.listDepartments, ({ actor, query }) => service.listDepartments(deps, actor, query.orgUnitId));
  registerEndpoint(app, org.createDepartment, ({ actor, body }) => service.createDepartment(deps, actor, body));
  registerEndpoint(app, org.updateDepartment, ({ actor, params, body }) => service.updateDepartment(deps, actor, params.id, body));
}
