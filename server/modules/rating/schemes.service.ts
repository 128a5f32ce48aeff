import { eq } from "drizzle-orm";
import { ratingSchemes } from "../../db/schema/index.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { AppError } from "../../platform/errors.js";
import { authorize, can, scopePaths, visiblePaths } from "../../authz/policy.js";
import type { SchemeDetail, SchemeView } from "../../../common/contract/rating.contract.js";
import * as orgRepo from "../org/org.repo.js";
import { draftNewVersion, fortress2026, memberStar2026, schemeSchema, transitionScheme, validateScheme, type Scheme } from "./engine/index.js";
import { metricCatalog } from "./metrics.service.js";
import { problemsError } from "./problems-error.js";
import type { RatingDeps } from "./rating-deps.js";
import * as repo from "./schemes.repo.js";

const DEFAULTS = { fortress: fortress2026, memberStar: memberStar2026 } as const;

function related(paths: readonly string[], issuerPath: string): boolean {
  return paths.some((p) => p === "/" || issuerPath.startsWith(p) || p.startsWith(issuerPath));
}

export function toSchemeView(actor: Actor, r: repo.SchemeRow): SchemeView {
  const manage = can(actor, "rating.scheme", r);
  return {
    id: r.id, code: r.code, version: r.version, programme: r.programme as SchemeView["programme"], year: r.year,
    issuingUnitId: r.issuingUnitId, issuingUnitName: r.issuingUnitName, subjectLevel: r.subjectLevel, status: r.status, name: r.name,
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), publishedAt: r.publishedAt?.toISOString() ?? null,
    abilities: { edit: manage && r.status === "draft", publish: manage && r.status === "draft", archive: manage && r.status !== "archived", newVersion: manage },
  };
}

function toDetail(actor: Actor, r: repo.SchemeRow): SchemeDetail {
  return { ...toSchemeView(actor, r), body: r.body as Record<string, unknown> };
}

/** Loads a scheme the actor may see (issued above or inside its scope), else NOT_FOUND. */
export async function loadScheme(deps: Pick<RatingDeps, "db">, actor: Actor, id: string, lock = false): Promise<repo.SchemeRow> {
  const row = await repo.findScheme(deps.db, id, lock);
  if (!row || !related(visiblePaths(actor), row.path) || !related(scopePaths(actor, "rating.read"), row.path)) throw new AppError("NOT_FOUND");
  return row;
}

/** The stored body parsed as the engine's Scheme (it was validated when stored). */
export function schemeOf(row: repo.SchemeRow): Scheme {
  return schemeSchema.parse(row.body);
}

export async function listSchemes(deps: RatingDeps, actor: Actor, f: { programme?: string | undefined; year?: number | undefined; status?: string | undefined }) {
  const scope = scopePaths(actor, "rating.read");
  const rows = await repo.listSchemes(deps.db, scope, f);
  const rated = await repo.ratedCounts(deps.db, rows.map((r) => r.id), scope);
  return { items: rows.map((r) => ({ ...toSchemeView(actor, r), rated: rated.get(r.id) ?? 0 })) };
}

export async function getScheme(deps: RatingDeps, actor: Actor, id: string): Promise<SchemeDetail> {
  return toDetail(actor, await loadScheme(deps, actor, id));
}

/** Validates a body with the engine; every problem becomes a field of one VALIDATION error. */
function checked(body: unknown): Scheme {
  const problems = validateScheme(body);
  if (problems.length > 0) throw problemsError(problems, "body", { key: "rating.scheme.invalid" });
  return schemeSchema.parse(body);
}

/**
 * Creates a draft: from a body, or from a default scheme (fortress / memberStar) for a year.
 * The issuing unit must be the city or a district the actor manages schemes for.
 */
export async function createScheme(
  deps: RatingDeps,
  actor: Actor,
  input: { issuingUnitId: string; fromDefault?: "fortress" | "memberStar" | undefined; year?: number | undefined; body?: Record<string, unknown> | undefined },
): Promise<SchemeDetail> {
  const unit = await orgRepo.findById(deps.db, input.issuingUnitId);
  if (!unit) throw new AppError("NOT_FOUND");
  authorize(actor, "rating.scheme", unit);
  if (unit.level !== "city" && unit.level !== "district" && unit.level !== "province") {
    throw new AppError("VALIDATION", { fields: { issuingUnitId: { key: "rating.scheme.issuerLevel" } } });
  }
  let raw: Record<string, unknown>;
  if (input.body) raw = { ...input.body };
  else if (input.fromDefault) raw = structuredClone(DEFAULTS[input.fromDefault]) as unknown as Record<string, unknown>;
  else throw new AppError("VALIDATION", { fields: { body: { key: "rating.scheme.needBody" } } });
  if (input.year) raw.year = input.year;
  raw.issuingUnit = unit.divisionCode ?? "44";
  raw.status = "draft";
  raw.version = 1;
  const draft = checked(raw);
  return deps.db.transaction(async (tx) => {
    const version = await repo.nextVersion(tx, { issuingUnitId: unit.id, code: draft.code, year: draft.year });
    const body: Scheme = { ...draft, version };
    const id = await insertScheme(tx, { body, issuingUnitId: unit.id, createdBy: actor.kind === "user" ? actor.userId : null, now: deps.clock.now(), status: "draft" });
    await writeAudit(tx, actor, deps.clock, [{ action: "rating.createScheme", entityType: "ratingScheme", entityId: id, orgPath: unit.path, after: { code: body.code, year: body.year, version } }]);
    const row = await repo.findScheme(tx, id);
    if (!row) throw new Error("scheme vanished");
    return toDetail(actor, row);
  });
}

/** Inserts a scheme row from a validated body (also used by the demo seed). */
export async function insertScheme(
  tx: RatingDeps["db"],
  s: { body: Scheme; issuingUnitId: string; createdBy: string | null; now: Date; status: Scheme["status"] },
): Promise<string> {
  const body: Scheme = { ...s.body, status: s.status };
  const [row] = await tx
    .insert(ratingSchemes)
    .values({
      code: body.code, version: body.version, programme: body.programme, year: body.year, issuingUnitId: s.issuingUnitId,
      subjectLevel: body.subjectLevel, status: s.status, name: body.name ?? body.code, body, createdBy: s.createdBy,
      createdAt: s.now, updatedAt: s.now, publishedAt: s.status === "published" ? s.now : null,
    })
    .returning({ id: ratingSchemes.id });
  if (!row) throw new Error("scheme insert returned nothing");
  return row.id;
}

async function mutate(
  deps: RatingDeps,
  actor: Actor,
  id: string,
  action: string,
  change: (row: repo.SchemeRow, scheme: Scheme) => Scheme,
): Promise<SchemeDetail> {
  return deps.db.transaction(async (tx) => {
    const row = await loadScheme({ db: tx }, actor, id, true);
    authorize(actor, "rating.scheme", row);
    const next = change(row, schemeOf(row));
    const now = deps.clock.now();
    await tx
      .update(ratingSchemes)
      .set({
        body: next, status: next.status, name: next.name ?? next.code, updatedAt: now,
        ...(next.status === "published" && row.status !== "published" ? { publishedAt: now } : {}),
        ...(next.status === "archived" && row.status !== "archived" ? { archivedAt: now } : {}),
      })
      .where(eq(ratingSchemes.id, id));
    await writeAudit(tx, actor, deps.clock, [{ action, entityType: "ratingScheme", entityId: id, orgPath: row.path, before: { status: row.status }, after: { status: next.status } }]);
    const saved = await repo.findScheme(tx, id);
    if (!saved) throw new Error("scheme vanished");
    return toDetail(actor, saved);
  });
}

function outcome(r: ReturnType<typeof transitionScheme>): Scheme {
  if (r.ok) return r.scheme;
  if (r.reason === "invalidScheme") throw problemsError(r.problems, "body", { key: r.key });
  throw new AppError("INVALID_TRANSITION", { message: { key: r.key, params: r.params } });
}

/** Replaces a draft's body; a published or archived scheme answers INVALID_TRANSITION (make a new version). */
export async function updateScheme(deps: RatingDeps, actor: Actor, id: string, body: Record<string, unknown>): Promise<SchemeDetail> {
  return mutate(deps, actor, id, "rating.updateScheme", (row, current) => {
    if (row.status !== "draft") return outcome(transitionScheme(current, { type: "edit", changes: {} }));
    // Identity and issuer stay the row's: the body cannot move a scheme to another unit or year slot.
    const next = checked({ ...body, code: current.code, version: current.version, status: "draft", year: current.year, issuingUnit: current.issuingUnit });
    return outcome(transitionScheme(current, { type: "edit", changes: next }));
  });
}

export const publishScheme = (deps: RatingDeps, actor: Actor, id: string) =>
  mutate(deps, actor, id, "rating.publishScheme", (_row, s) => outcome(transitionScheme(s, { type: "publish" })));

export const archiveScheme = (deps: RatingDeps, actor: Actor, id: string) =>
  mutate(deps, actor, id, "rating.archiveScheme", (_row, s) => outcome(transitionScheme(s, { type: "archive" })));

/** Copies any version into a new draft numbered after the highest of its code, year and issuer. */
export async function newSchemeVersion(deps: RatingDeps, actor: Actor, id: string): Promise<SchemeDetail> {
  return deps.db.transaction(async (tx) => {
    const row = await loadScheme({ db: tx }, actor, id);
    authorize(actor, "rating.scheme", row);
    const version = await repo.nextVersion(tx, { issuingUnitId: row.issuingUnitId, code: row.code, year: row.year });
    const body = draftNewVersion(schemeOf(row), version);
    const newId = await insertScheme(tx, { body, issuingUnitId: row.issuingUnitId, createdBy: actor.kind === "user" ? actor.userId : null, now: deps.clock.now(), status: "draft" });
    await writeAudit(tx, actor, deps.clock, [{ action: "rating.newSchemeVersion", entityType: "ratingScheme", entityId: newId, orgPath: row.path, before: { from: row.id, version: row.version }, after: { version } }]);
    const saved = await repo.findScheme(tx, newId);
    if (!saved) throw new Error("scheme vanished");
    return toDetail(actor, saved);
  });
}

export function listMetrics(deps: RatingDeps) {
  return { items: metricCatalog(deps.providers).map((m) => ({ name: m.name, label: m.label, unit: m.unit, description: m.description, subjectKind: m.subjectKind })) };
}
