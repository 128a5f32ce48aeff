import type { FastifyInstance } from "fastify";
import { calendar } from "../../../common/contract/index.js";
import type { AppDeps } from "../../app.js";
import { registerEndpoint } from "../../platform/http.js";
import { loadOfficialCalendar } from "./calendar-cache.js";
import type { AnyWorkflow } from "../../workflow/apply.js";
import * as service from "./calendar.service.js";

/** The official holiday calendar (city admins); the process's calendar is loaded before serving. */
export function registerCalendarRoutes(app: FastifyInstance, appDeps: AppDeps, workflows: readonly AnyWorkflow[]): void {
  const deps: service.CalendarDeps = { db: appDeps.db, clock: appDeps.clock, timeZone: appDeps.config.timeZone, workflows };
  // Every app (server, tests, CLI) counts deadlines with the entered days from its first request.
  app.addHook("onReady", async () => {
    await loadOfficialCalendar(appDeps.db);
  });
  registerEndpoint(app, calendar.getCalendarYear, ({ params }) => service.calendarYear(deps.db, params.year));
  registerEndpoint(app, calendar.saveCalendarDays, ({ actor, body }) => service.saveCalendarDays(deps, actor, body));
  registerEndpoint(app, calendar.deleteCalendarDay, ({ actor, params, query }) => service.deleteCalendarDay(deps, actor, params.date, query.confirmOverdue === true));
  registerEndpoint(app, calendar.completeCalendarYear, ({ actor, params, body }) => service.completeCalendarYear(deps, actor, params.year, body));
  registerEndpoint(app, calendar.calendarStatus, () => service.calendarStatus(deps));
  registerEndpoint(app, calendar.deadlineCoverage, async () => service.deadlineCoverage(deps));
}
