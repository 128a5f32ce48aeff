import type { FastifyInstance } from "fastify";
import { asc, isNull } from "drizzle-orm";
import { system } from "../../../common/contract/index.js";
import type { AppDeps } from "../../app.js";
import { orgUnits } from "../../db/schema/index.js";
import { registerEndpoint } from "../../platform/http.js";
import { getSetting } from "./settings.repo.js";

export const DEMO_SETTING = "demo";

export function registerSystemRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerEndpoint(app, system.health, async () => ({ status: "ok" as const, database: deps.dbKind, version: deps.version }));
  registerEndpoint(app, system.info, async () => {
    const [root] = await deps.db.select({ name: orgUnits.name }).from(orgUnits).where(isNull(orgUnits.parentId)).orderBy(asc(orgUnits.depth)).limit(1);
    return { version: deps.version, demo: (await getSetting<boolean>(deps.db, DEMO_SETTING)) === true, rootName: root?.name ?? null };
  });
}
