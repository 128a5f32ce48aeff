import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../app.js";
import type { Config } from "../config.js";
import type { AnyWorkflow } from "../workflow/apply.js";
import { registerSystemRoutes } from "./system/system.routes.js";
import { registerAuthRoutes } from "./auth/auth.routes.js";
import { registerOrgRoutes } from "./org/org.routes.js";
import { registerUserRoutes } from "./users/users.routes.js";
import { registerAuditRoutes } from "./audit/audit.routes.js";
import { registerPartyModule } from "./party/party.routes.js";
import { partyMetricProviders } from "./party/party.metrics.js";
import type { MetricProvider } from "../platform/metrics.js";
import { registerRatingRoutes } from "./rating/rating.routes.js";
import { assessmentWorkflow } from "./rating/assessment.workflow.js";
import { ledgerMetrics } from "./rating/member-facts.js";
import { registerAppealsModule } from "./appeals/appeals.routes.js";
import { appealWorkflow } from "./appeals/appeal-workflow.js";
import { registerWhistleModule } from "./appeals/whistle/whistle.routes.js";
import { summonsWorkflow } from "./appeals/whistle/whistle-workflow.js";
import { appealRatesMetrics } from "./appeals/rates/rates.metrics.js";
import { registerOpen311Module } from "./open311/open311.routes.js";
import { registerCalendarRoutes } from "./calendar/calendar.routes.js";

/** Every module, listed explicitly (no directory auto-loading). */
export async function registerModules(app: FastifyInstance, deps: AppDeps): Promise<void> {
  registerSystemRoutes(app, deps);
  registerAuthRoutes(app, deps);
  registerOrgRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerAuditRoutes(app, deps);
  await registerPartyModule(app, deps);
  registerRatingRoutes(app, deps, moduleMetricProviders());
  await registerAppealsModule(app, deps);
  registerWhistleModule(app, deps);
  await registerOpen311Module(app, deps);
  registerCalendarRoutes(app, deps, moduleWorkflows({ config: deps.config }));
}

/** Every module's workflows, for the deadline sweeper (listed explicitly). */
export function moduleWorkflows(deps: { config: Config }): AnyWorkflow[] {
  return [assessmentWorkflow, appealWorkflow({ timeZone: deps.config.timeZone }), summonsWorkflow()];
}

/** Every module's metric providers, for the rating engine (listed explicitly). */
export function moduleMetricProviders(): MetricProvider[] {
  return [...partyMetricProviders, ledgerMetrics, appealRatesMetrics];
}
