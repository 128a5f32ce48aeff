import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { systemActor } from "../../platform/actor.js";
import type { Clock } from "../../platform/clock.js";
import { writeAudit } from "../../platform/audit.js";
import type { Role } from "../../../common/roles.js";
import { builtInDivisions } from "../org/division-source.js";
import { importDivisions } from "../org/import.service.js";
import * as orgRepo from "../org/org.repo.js";
import { createUser } from "../users/users.service.js";
import { setSetting } from "../system/settings.repo.js";
import { DEMO_SETTING, type DemoInfo } from "../system/system.routes.js";
import { DEMO_STEPS } from "./steps.js";

export const DEMO_PASSWORD = "zhenxing-demo";
export const DEMO_CITY = "4405";

/** The demo accounts listed in the README; all share DEMO_PASSWORD. */
export const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role; code: string }[] = [
  { username: "admin", displayName: "汕头市委组织部管理员", role: "cityAdmin", code: "4405" },
  { username: "chaonan", displayName: "潮南区委组织部", role: "districtAdmin", code: "440514" },
  { username: "hongchang", displayName: "红场镇党委", role: "townAdmin", code: "440514109" },
  { username: "daxiba", displayName: "大溪坝村党支部书记", role: "villageSecretary", code: "440514109210" },
  { username: "binhai", displayName: "滨海街道党工委", role: "townAdmin", code: "440512005" },
];

/** ANALYZE of a step's tables, on the root handle after its transaction committed (both drivers). */
async function analyzeTables(db: Db, tables: readonly string[]): Promise<void> {
  // Names come from DEMO_STEPS, never from input; the check keeps sql.raw honest anyway.
  const bad = tables.find((t) => !/^[a-z_]+$/.test(t));
  if (bad !== undefined) throw new Error(`not a table name: ${bad}`);
  await db.execute(sql.raw(`ANALYZE ${tables.join(", ")}`));
}

/** True when the database has no org units yet (a fresh DATA_DIR). */
export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM org_units`);
  return Number(row?.n ?? 0) === 0;
}

/**
 * The demo default: Shantou's 7 districts, 67 towns and 1,091 villages from the built-in
 * division data, and the demo accounts. Only called for the embedded default with demo on.
 */
export async function seedDemo(deps: { db: Db; clock: Clock; secret: string }, log: (msg: string) => void = () => {}): Promise<void> {
  const actor = systemActor("demo");
  const source = builtInDivisions(DEMO_CITY);
  if (!source) throw new Error("built-in division data for Guangdong is missing");
  const summary = await importDivisions(deps, actor, { prefix: DEMO_CITY, records: source.records, source: source.source });
  log(`imported Shantou: ${summary.created} units`);
  const listed: DemoInfo["accounts"] = [];
  for (const a of DEMO_ACCOUNTS) {
    const unit = await orgRepo.findByCode(deps.db, a.code);
    if (!unit) throw new Error(`demo unit ${a.code} missing`);
    await createUser(deps, actor, {
      username: a.username,
      displayName: a.displayName,
      password: DEMO_PASSWORD,
      grant: { role: a.role, orgUnitId: unit.id },
    });
    listed.push({ username: a.username, displayName: a.displayName, role: a.role, scopeName: unit.name });
  }
  for (const step of DEMO_STEPS) {
    const t0 = performance.now();
    const accounts = await step.run(deps, log);
    if (accounts) listed.push(...accounts);
    if (step.analyze?.length) await analyzeTables(deps.db, step.analyze);
    log(`demo ${step.name}: ${Math.round(performance.now() - t0)} ms`);
  }
  await deps.db.transaction(async (tx) => {
    const info: DemoInfo = { accounts: listed, password: DEMO_PASSWORD };
    await setSetting(tx, DEMO_SETTING, info, deps.clock.now());
    await writeAudit(tx, actor, deps.clock, [{ action: "system.setting", entityType: "setting", entityId: DEMO_SETTING, after: info }]);
  });
  log(`created demo accounts: ${DEMO_ACCOUNTS.map((a) => a.username).join(", ")} (password ${DEMO_PASSWORD})`);
}
