import type { FastifyInstance } from "fastify";
import { audit } from "../../../common/contract/index.js";
import type { AppDeps } from "../../app.js";
import { registerEndpoint } from "../../platform/http.js";
import { listAudit } from "./audit.service.js";

export function registerAuditRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerEndpoint(app, audit.listAudit, ({ actor, query }) => listAudit(deps, actor, query));
}
