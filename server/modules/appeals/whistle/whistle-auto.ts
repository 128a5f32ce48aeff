import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../../db/client.js";
import { whistleAutoDepartments } from "../../../db/schema/index.js";
import { authorize } from "../../../authz/policy.js";
import { systemActor, type Actor } from "../../../platform/actor.js";
import { writeAudit } from "../../../platform/audit.js";
import { AppError, fieldError } from "../../../platform/errors.js";
import { translate } from "../../../../common/i18n/index.js";
import type { EndpointBody } from "../../../../common/contract/endpoint.js";
import type { whistle as contract } from "../../../../common/contract/index.js";
import type { AppealsDeps } from "../appeals-deps.js";
import type { SummonsWorkflow } from "./whistle-workflow.js";
import * as repo from "./whistle.repo.js";
import { blowCore, townOf, type Town } from "./whistle.service.js";

/**
 * The system's whistle for a 紧急 appeal (PRACTICE §6.6): when the appeal's town has configured
 * departments, they are summoned at once, in the intake transaction. No configuration, no whistle.
 */
export async function autoWhistleForAppeal(
  tx: Db,
  deps: Pick<AppealsDeps, "clock" | "timeZone">,
  wf: SummonsWorkflow,
  appeal: { id: string; path: string; trackingCode: string; categoryName: string; description: string },
): Promise<string | null> {
  const town = await townOf(tx, sql`${appeal.path} LIKE path || '%'`);
  if (!town) return null;
  const auto = await queryRows<{ department_id: string; lead: boolean }>(
    tx,
    sql`SELECT a.department_id, a.lead FROM whistle_auto_departments a JOIN departments d ON d.id = a.department_id
        WHERE a.town_id = ${town.id} AND d.disabled_at IS NULL ORDER BY a.lead DESC, a.created_at`,
  );
  const lead = auto[0];
  if (!lead) return null;
  return blowCore(tx, deps, wf, systemActor("autoWhistle"), {
    town,
    appealId: appeal.id,
    kind: "emergency",
    title: translate("zh-CN", "whistle.autoTitle", { code: appeal.trackingCode, category: appeal.categoryName }),
    description: appeal.description,
    departmentIds: auto.map((a) => a.department_id),
    leadDepartmentId: lead.department_id,
  });
}

async function autoList(db: Db, townId: string) {
  const rows = await queryRows<{ department_id: string; name: string; lead: boolean }>(
    db,
    sql`SELECT a.department_id, d.name, a.lead FROM whistle_auto_departments a JOIN departments d ON d.id = a.department_id
        WHERE a.town_id = ${townId} ORDER BY a.lead DESC, d.name`,
  );
  return { items: rows.map((r) => ({ departmentId: r.department_id, departmentName: r.name, lead: r.lead })) };
}

async function townFor(db: Db, actor: Actor, id: string, permission: "appeal.read" | "appeal.dispatch"): Promise<Town> {
  const town = await townOf(db, sql`id = ${id}`);
  if (!town) throw new AppError("NOT_FOUND");
  authorize(actor, permission, town);
  return town;
}

export async function getAutoDepartments(deps: AppealsDeps, actor: Actor, townId: string) {
  await townFor(deps.db, actor, townId, "appeal.read");
  return autoList(deps.db, townId);
}

/** Replaces a town's automatic 紧急 summons list; exactly one leads when any are listed. */
export async function setAutoDepartments(deps: AppealsDeps, actor: Actor, townId: string, body: EndpointBody<typeof contract.setAutoDepartments>) {
  await deps.db.transaction(async (tx) => {
    const town = await townFor(tx, actor, townId, "appeal.dispatch");
    const ids = [...new Set(body.items.map((i) => i.departmentId))];
    if (ids.length !== body.items.length) throw fieldError("items", "whistle.departmentUnknown");
    if (ids.length > 0 && body.items.filter((i) => i.lead).length !== 1) throw fieldError("items", "whistle.oneLead");
    const depts = await repo.summonableDepartments(tx, town.path, ids);
    if (depts.length !== ids.length) throw fieldError("items", "whistle.departmentUnknown");
    const now = deps.clock.now();
    await tx.execute(sql`DELETE FROM whistle_auto_departments WHERE town_id = ${town.id}`);
    if (body.items.length) {
      await tx.insert(whistleAutoDepartments).values(body.items.map((i) => ({ townId: town.id, departmentId: i.departmentId, lead: i.lead, createdAt: now })));
    }
    await writeAudit(tx, actor, deps.clock, [
      { action: "whistle.autoDepartments", entityType: "orgUnit", entityId: town.id, orgPath: town.path, after: { items: body.items } },
    ]);
  });
  return autoList(deps.db, townId);
}

