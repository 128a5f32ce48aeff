import { eq } from "drizzle-orm";
import { grids } from "../../db/schema/index.js";
import { authorize } from "../../authz/policy.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { AppError, fieldError } from "../../platform/errors.js";
import * as orgRepo from "../org/org.repo.js";
import type { FileDownload } from "../../../common/contract/endpoint.js";
import type { AppealsDeps } from "./appeals-deps.js";
import * as repo from "./grids.repo.js";
import { loadGrid } from "./grids.service.js";
import { renderSignboards } from "./signboard/signboard-pdf.js";
import { signboardToken, verifySignboardToken } from "./signboard/signboard-token.js";
import { signboardUrl } from "./signboard/signboard-url.js";
import type { SignboardData, SignboardPaper, SignboardPromise } from "./signboard/signboard-types.js";
import { promisesFromRules } from "./signboard/signboard-promises.js";
import { scaleRules } from "./appeals.repo.js";

/** The URL a grid's current signboard encodes. */
export function currentSignboardUrl(deps: Pick<AppealsDeps, "secret" | "publicBaseUrl">, code: string, version: number): string {
  return signboardUrl(deps.publicBaseUrl, code, signboardToken(deps.secret, code, version));
}

/** Whether `token` belongs to the grid's current print (rotated prints no longer verify). */
export function tokenIsCurrent(secret: string, code: string, version: number, token: string): boolean {
  return verifySignboardToken(secret, code, version, token);
}

/** What every board promises now: the deadline rules in force, read when the PDF is made. */
export async function signboardPromises(db: AppealsDeps["db"]): Promise<SignboardPromise[]> {
  return promisesFromRules(await scaleRules(db));
}

async function boardsFor(deps: AppealsDeps, rows: repo.GridRow[]): Promise<SignboardData[]> {
  const [workers, promises] = await Promise.all([repo.workersOf(deps.db, rows.map((r) => r.id)), signboardPromises(deps.db)]);
  return rows.map((g) => {
    const mine = workers.filter((w) => w.grid_id === g.id);
    const leader = mine.find((w) => w.user_id === g.leader_user_id);
    const asPerson = (w: repo.WorkerRow) => ({ name: w.display_name, phoneMasked: w.phone_masked ?? "" });
    return {
      gridCode: g.code,
      gridName: g.name,
      villageName: g.village_name,
      townName: g.town_name,
      districtName: g.district_name,
      ...(leader ? { leader: asPerson(leader) } : {}),
      workers: mine.filter((w) => w !== leader).map(asPerson),
      url: currentSignboardUrl(deps, g.code, g.signboard_version),
      promises,
    };
  });
}

function pdfFile(name: string, pdf: Uint8Array): FileDownload {
  return { fileName: name, contentType: "application/pdf", body: pdf };
}

/** One grid's signboard PDF (grid.read over the grid). */
export async function gridSignboard(deps: AppealsDeps, actor: Actor, id: string, paper: SignboardPaper): Promise<FileDownload> {
  const g = await loadGrid(deps.db, actor, id, "grid.read");
  const { pdf } = await renderSignboards(await boardsFor(deps, [g]), { size: paper });
  return pdfFile(`网格服务牌-${g.village_name}-${g.name}-${paper}.pdf`, pdf);
}

/** Every grid of a village or town as one PDF, one page per board. */
export async function batchSignboards(deps: AppealsDeps, actor: Actor, underId: string, paper: SignboardPaper): Promise<FileDownload> {
  const unit = await orgRepo.findById(deps.db, underId);
  if (!unit) throw new AppError("NOT_FOUND");
  authorize(actor, "grid.read", unit);
  if (unit.level !== "village" && unit.level !== "town") throw fieldError("underId", "grid.underLevel");
  const rows = await repo.gridsUnder(deps.db, unit.path);
  if (rows.length === 0) throw fieldError("underId", "grid.noGrids");
  const { pdf } = await renderSignboards(await boardsFor(deps, rows), { size: paper });
  return pdfFile(`网格服务牌-${unit.name}-${paper}.pdf`, pdf);
}

/** Issues a new token: the version goes up, so every earlier print stops verifying. */
export async function rotateSignboard(deps: AppealsDeps, actor: Actor, id: string): Promise<{ signboardVersion: number; url: string }> {
  return deps.db.transaction(async (tx) => {
    const g = await loadGrid(tx, actor, id, "grid.manage");
    const version = g.signboard_version + 1;
    await tx.update(grids).set({ signboardVersion: version, signboardRotatedAt: deps.clock.now() }).where(eq(grids.orgUnitId, id));
    await writeAudit(tx, actor, deps.clock, [
      { action: "grid.rotateSignboard", entityType: "grid", entityId: id, orgPath: g.path, before: { version: g.signboard_version }, after: { version } },
    ]);
    return { signboardVersion: version, url: currentSignboardUrl(deps, g.code, version) };
  });
}
