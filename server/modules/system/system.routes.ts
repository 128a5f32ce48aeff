import type { FastifyInstance } from "fastify";
import { asc, isNull } from "drizzle-orm";
import { system } from "../../../common/contract/index.js";
import type { AppDeps } from "../../app.js";
import { orgUnits } from "../../db/schema/index.js";
import { registerEndpoint } from "../../platform/http.js";
import { getSetting } from "./settings.repo.js";
import type { Role } from "../../../common/roles.js";
import { officialCalendar } from "../../platform/calendar/calendar-provider.js";
import { coverageWarnings } from "../../platform/calendar/official-calendar.js";
import { localDate } from "../../platform/calendar/zoned-time.js";

export const DEMO_SETTING = "demo";

/** What the demo seeder records (the sign-in page lists the accounts). */
export interface DemoInfo {
  accounts: { username: string; displayName: string; role: Role; scopeName: string }[];
  password: string;
}

export function registerSystemRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerEndpoint(app, system.health, async () => ({
    status: "ok" as const,
    database: deps.dbKind,
    version: deps.version,
    // From the process's cached calendar (no query): this year, or next year within 60 days, lacks its holidays.
    warnings: coverageWarnings(localDate(deps.clock.now(), deps.config.timeZone), officialCalendar()).map((w) => ({
      code: "calendarUncovered" as const,
      year: w.year,
      coverage: w.coverage,
    })),
  }));
  registerEndpoint(app, system.info, async () => {
    const [root] = await deps.db.select({ name: orgUnits.name }).from(orgUnits).where(isNull(orgUnits.parentId)).orderBy(asc(orgUnits.depth)).limit(1);
    const demo = (await getSetting<DemoInfo | boolean>(deps.db, DEMO_SETTING)) ?? false;
    const info = typeof demo === "object" ? demo : null;
    return {
      version: deps.version,
      demo: demo !== false,
      rootName: root?.name ?? null,
      demoAccounts: info?.accounts ?? [],
      demoPassword: info?.password ?? null,
    };
  });
}
