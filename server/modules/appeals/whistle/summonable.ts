import { sql } from "drizzle-orm";
import { authorize } from "../../../authz/policy.js";
import type { Actor } from "../../../platform/actor.js";
import { AppError } from "../../../platform/errors.js";
import type { SummonableDepartment } from "../../../../common/contract/appeal-admin.contract.js";
import type { AppealsDeps } from "../appeals-deps.js";
import * as repo from "./whistle.repo.js";
import { townOf } from "./whistle.service.js";

/**
 * The departments a town may summon, for the whistle form: the town's own first, then those of
 * the district (and city) above it. `appeal.dispatch` over the town; the list is the one the
 * whistle's own check uses, so anything offered here is accepted there.
 */
export async function summonableDepartmentsOf(deps: Pick<AppealsDeps, "db">, actor: Actor, townId: string): Promise<{ items: SummonableDepartment[] }> {
  const town = await townOf(deps.db, sql`id = ${townId}`);
  if (!town) throw new AppError("NOT_FOUND");
  authorize(actor, "appeal.dispatch", town);
  const rows = await repo.summonableDepartments(deps.db, town.path);
  return { items: rows.map((r) => ({ id: r.id, name: r.name, orgUnitId: r.org_unit_id, orgUnitName: r.org_unit_name, level: r.level })) };
}
