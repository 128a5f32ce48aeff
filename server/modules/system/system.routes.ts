import type { FastifyInstance } from "fastify";
import { asc, isNull } from "drizzle-orm";
import { system } from "../../../common/contract/index.js";
import type { AppDeps } from "../../app.js";
import { orgUnits } from "../../db/schema/index.js";
import { registerEndpoint } from "../../platform/http.js";
import { getSetting } from "./settings.repo.js";
import type { Role } from "../../../common/roles.js";

export const DEMO_SETTING = "demo";

/** What the demo seeder records (the sign-in page lists the accounts). */
export interface DemoInfo {
  accounts: { username: string; displayName: string; role: Role; scopeName: string }[];
  password: string;
}

export function registerSystemRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerEndpoint(app, system.health, async () => ({ status: "ok" as const, database: deps.dbKind, version: deps.version }));
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
