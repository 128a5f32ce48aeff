import type { FastifyInstance } from "fastify";
import { users } from "../../../common/contract/index.js";
import type { AppDeps } from "../../app.js";
import { registerEndpoint } from "../../platform/http.js";
import * as service from "./users.service.js";

export function registerUserRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerEndpoint(app, users.listUsers, ({ actor, query }) => service.listUsers(deps, actor, query));
  registerEndpoint(app, users.getUser, ({ actor, params }) => service.getUser(deps, actor, params.id));
  registerEndpoint(app, users.createUser, ({ actor, body }) => service.createUser(deps, actor, body));
  registerEndpoint(app, users.addGrant, ({ actor, params, body }) => service.addGrant(deps, actor, params.id, body));
  registerEndpoint(app, users.removeGrant, ({ actor, params }) => service.removeGrant(deps, actor, params.id, params.grantId));
  registerEndpoint(app, users.setUserDisabled, ({ actor, params, body }) => service.setDisabled(deps, actor, params.id, body.disabled));
  registerEndpoint(app, users.resetPassword, ({ actor, params, body }) => service.resetPassword(deps, actor, params.id, body.password));
}
