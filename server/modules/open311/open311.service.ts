/**
 * The Open311 GeoReport v2 server (CIVIC §3.1): discovery, services, one service's definition,
 * requests (list, one, create), tokens. Errors are Open311Errors carrying the spec's HTTP codes:
 * 404 unknown jurisdiction, service or request; 403 missing or bad api_key; 400 everything else.
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { systemActor } from "../../platform/actor.js";
import { AppError } from "../../platform/errors.js";
import { checkLatLng, convertCoord, haversineMeters, type CoordSystem } from "../../../common/geo.js";
import { APPEAL_STATUSES, DESCRIPTION_MAX, type AppealStatus } from "../../../common/appeals.js";
import { translate, type Locale } from "../../../common/i18n/index.js";
import type { AppealsDeps } from "../appeals/appeals-deps.js";
import type { AppealWorkflow } from "../appeals/appeal-workflow.js";
import { fileAppealCore } from "../appeals/intake.service.js";
import { findGrid } from "../appeals/grids.repo.js";
import { checkKey, type KeyHolder } from "./open311-keys.js";
import { mapStatus, parseW3c, statusesFor, w3c, type XmlValue } from "./open311-format.js";

export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly description: string,
  ) {
    super(description);
  }
}

export type Params = Record<string, string | undefined>;

/** A grid centre farther than this from the point does not claim the request; it goes to the town. */
export const MAX_GRID_DISTANCE_METERS = 3000;
const MAX_SPAN_MS = 90 * 86_400_000;
const MAX_PAGE_SIZE = 1000;

/** `jurisdiction_id` (a city, district or town division code) → its org path; "/" when absent. */
async function jurisdiction(db: Db, id: string | undefined): Promise<string> {
  if (id === undefined || id === "") return "/";
  const [u] = await queryRows<{ path: string }>(
    db,
    sql`SELECT path FROM org_units WHERE division_code = ${id} AND level IN ('city', 'district', 'town') AND revoked_at IS NULL`,
  );
  if (!u) throw new Open311Error(404, `jurisdiction_id ${id} not found`);
  return u.path;
}

export function discovery(baseUrl: string, changeset: Date): XmlValue {
  const stamp = w3c(changeset);
  return {
    changeset: stamp,
    contact: `${baseUrl}/`,
    key_service: "API keys are issued by district administrators (系统管理 → Open311 接口密钥).",
    endpoints: [
      { specification: "http://wiki.open311.org/GeoReport_v2", url: `${baseUrl}/open311/v2`, changeset: stamp, type: "production", formats: ["text/xml", "application/json"] },
    ],
  };
}

interface CategoryRow {
  code: string;
  name: string;
  scale: string;
}

async function categories(db: Db, code?: string): Promise<CategoryRow[]> {
  return queryRows<CategoryRow>(
    db,
    sql`SELECT code, name, scale FROM appeal_categories WHERE disabled_at IS NULL ${code === undefined ? sql`` : sql`AND code = ${code}`} ORDER BY sort, code`,
  );
}

export async function services(db: Db, p: Params, locale: Locale): Promise<XmlValue> {
  await jurisdiction(db, p.jurisdiction_id);
  const rows = await categories(db);
  return rows.map((c) => {
    const scale = translate(locale, `scale.${c.scale}`);
    return { service_code: c.code, service_name: c.name, description: `${c.name}（${scale}）`, metadata: false, type: "realtime", keywords: `${c.name},${scale}`, group: scale };
  });
}

/** Our services carry no extra attributes (metadata=false): the definition lists none. */
export async function serviceDefinition(db: Db, code: string, p: Params): Promise<XmlValue> {
  await jurisdiction(db, p.jurisdiction_id);
  const [c] = await categories(db, code);
  if (!c) throw new Open311Error(404, `service_code ${code} not found`);
  return { service_code: c.code, attributes: [] };
}

interface RequestRow {
  id: string;
  tracking_code: string;
  status: AppealStatus;
  channel: string;
  description: string;
  location_text: string | null;
  lng: number | null;
  lat: number | null;
  created_at: Date | string;
  updated_at: Date | string;
  closed_at: Date | string | null;
  resolved_at: Date | string | null;
  due_at: Date | string | null;
  resolution: string | null;
  reject_reason: string | null;
  service_code: string;
  service_name: string;
  agency: string;
  covered: boolean;
}

/** The request columns; `covered` says whether the caller's key covers the request (full fields). */
function selectRequests(key: KeyHolder | null): SQL {
  const covered = key ? sql`(a.path LIKE ${`${key.path}%`})` : sql`false`;
  return sql`SELECT a.id, a.tracking_code, a.status, a.channel, a.description, a.location_text, a.lng, a.lat,
      a.created_at, a.updated_at, a.closed_at, a.resolved_at, a.due_at, a.resolution, a.reject_reason,
      c.code AS service_code, c.name AS service_name, h.name AS agency, ${covered} AS covered
    FROM appeals a JOIN appeal_categories c ON c.id = a.category_id JOIN org_units h ON h.id = a.handling_unit_id`;
}

/**
 * One request in the spec's fields. Residents' words and places are personal data (PRACTICE
 * §5.3, cases are not public by default): description, address and coordinates are returned
 * only to a caller with a valid api_key whose unit covers the request.
 */
function toRequest(r: RequestRow, extensions: boolean): Record<string, XmlValue> {
  const m = mapStatus(r.status);
  const closedAt = r.closed_at ?? (m.status === "closed" ? r.resolved_at : null);
  const out: Record<string, XmlValue> = {
    service_request_id: r.tracking_code,
    status: m.status,
    status_notes: r.resolution ?? r.reject_reason ?? null,
    service_name: r.service_name,
    service_code: r.service_code,
    agency_responsible: r.agency,
    service_notice: null,
    requested_datetime: w3c(r.created_at),
    updated_datetime: w3c(m.status === "closed" && closedAt ? closedAt : r.updated_at),
    expected_datetime: m.status === "open" ? w3c(r.due_at) : null,
  };
  if (r.covered) {
    Object.assign(out, { description: r.description, address: r.location_text, lat: r.lat, long: r.lng });
  }
  if (extensions) out.extended_attributes = { status: m.extended, external_status_code: r.status, channel: r.channel };
  return out;
}

async function optionalKey(deps: AppealsDeps, p: Params): Promise<KeyHolder | null> {
  if (p.api_key === undefined) return null;
  const k = await checkKey(deps, p.api_key);
  if (!k) throw new Open311Error(403, "api_key is invalid or revoked");
  return k;
}

function positiveInt(name: string, v: string | undefined, dflt: number, max: number): number {
  if (v === undefined || v === "") return dflt;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) throw new Open311Error(400, `${name} must be an integer from 1 to ${max}`);
  return Number(v);
}

function list(v: string | undefined): string[] {
  return (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

/** GET requests: filters as the spec (ids override the rest), 90 days by default, paged. */
export async function listRequests(deps: AppealsDeps, p: Params): Promise<XmlValue> {
  const root = await jurisdiction(deps.db, p.jurisdiction_id);
  const key = await optionalKey(deps, p);
  const page = positiveInt("page", p.page, 1, 1_000_000);
  const pageSize = positiveInt("page_size", p.page_size, MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const conds: SQL[] = [sql`a.path LIKE ${`${root}%`}`];
  const ids = list(p.service_request_id);
  if (ids.length) {
    conds.push(sql`a.tracking_code IN (${sql.join(ids.map((i) => sql`${i.toUpperCase()}`), sql`, `)})`);
  } else {
    const codes = list(p.service_code);
    if (codes.length) conds.push(sql`c.code IN (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})`);
    const statuses = list(p.status);
    if (statuses.some((s) => s !== "open" && s !== "closed")) throw new Open311Error(400, "status must be open, closed or both");
    if (statuses.length) {
      const ours = statusesFor(statuses as ("open" | "closed")[], APPEAL_STATUSES);
      conds.push(sql`a.status IN (${sql.join(ours.map((s) => sql`${s}`), sql`, `)})`);
    }
    const start = p.start_date ? parseW3c(p.start_date) : null;
    const end = p.end_date ? parseW3c(p.end_date) : null;
    if (p.start_date && !start) throw new Open311Error(400, "start_date must be a W3C datetime with a time zone");
    if (p.end_date && !end) throw new Open311Error(400, "end_date must be a W3C datetime with a time zone");
    const to = end ?? (start ? new Date(start.getTime() + MAX_SPAN_MS) : deps.clock.now());
    const from = start ?? new Date(to.getTime() - MAX_SPAN_MS);
    if (to.getTime() < from.getTime()) throw new Open311Error(400, "end_date is before start_date");
    if (to.getTime() - from.getTime() > MAX_SPAN_MS) throw new Open311Error(400, "start_date to end_date spans more than 90 days");
    conds.push(sql`a.created_at >= ${from} AND a.created_at <= ${to}`);
  }
  const rows = await queryRows<RequestRow>(
    deps.db,
    sql`${selectRequests(key)} WHERE ${sql.join(conds, sql` AND `)} ORDER BY a.created_at DESC, a.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
  );
  return rows.map((r) => toRequest(r, p.extensions === "true"));
}

/** GET requests/{id}: one request (in a list, as the spec). */
export async function getRequest(deps: AppealsDeps, id: string, p: Params): Promise<XmlValue> {
  const root = await jurisdiction(deps.db, p.jurisdiction_id);
  const key = await optionalKey(deps, p);
  const [r] = await queryRows<RequestRow>(deps.db, sql`${selectRequests(key)} WHERE a.tracking_code = ${id.toUpperCase()} AND a.path LIKE ${`${root}%`}`);
  if (!r) throw new Open311Error(404, `service_request_id ${id} not found`);
  return [toRequest(r, p.extensions === "true")];
}

/** GET tokens/{token}: our POST answers with the id at once; a token is the appeal's uuid. */
export async function getToken(db: Db, token: string, p: Params): Promise<XmlValue> {
  const root = await jurisdiction(db, p.jurisdiction_id);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(token)) throw new Open311Error(404, `token ${token} not found`);
  const [r] = await queryRows<{ tracking_code: string }>(db, sql`SELECT tracking_code FROM appeals WHERE id = ${token} AND path LIKE ${`${root}%`}`);
  if (!r) throw new Open311Error(404, `token ${token} not found`);
  return [{ service_request_id: r.tracking_code, token }];
}

function coordSystem(v: string | undefined): CoordSystem {
  const s = (v ?? "wgs84").toLowerCase();
  if (s === "wgs84") return "WGS84";
  if (s === "gcj02") return "GCJ02";
  if (s === "bd09") return "BD09";
  throw new Open311Error(400, "coord_system must be wgs84, gcj02 or bd09");
}

interface NearGrid {
  id: string;
  centre_lng: number;
  centre_lat: number;
}

/** The grid whose centre is nearest the point inside `path`, if within MAX_GRID_DISTANCE_METERS. */
async function nearestGrid(db: Db, path: string, lat: number, lng: number): Promise<string | null> {
  // Pre-sort on the equirectangular approximation in SQL, then check the true distance.
  const k = Math.cos((lat * Math.PI) / 180);
  const [g] = await queryRows<NearGrid>(
    db,
    sql`SELECT g.org_unit_id AS id, g.centre_lng, g.centre_lat FROM grids g JOIN org_units u ON u.id = g.org_unit_id
        WHERE g.centre_lat IS NOT NULL AND u.revoked_at IS NULL AND u.path LIKE ${`${path}%`}
        ORDER BY power((g.centre_lng - ${lng}) * ${k}, 2) + power(g.centre_lat - ${lat}, 2), g.code LIMIT 1`,
  );
  if (!g) return null;
  return haversineMeters({ lat, lng }, { lat: g.centre_lat, lng: g.centre_lng }) <= MAX_GRID_DISTANCE_METERS ? g.id : null;
}

/**
 * POST requests: files an appeal through the same intake as the residents' page (channel
 * open311). Routed to the grid whose centre is nearest the point; otherwise to the key's town,
 * or, for a district key, to the district itself (兜底, CIVIC §8.5).
 */
export async function createRequest(deps: AppealsDeps, wf: AppealWorkflow, p: Params, locale: Locale): Promise<XmlValue> {
  if (!p.api_key) throw new Open311Error(403, "api_key is required");
  const key = await checkKey(deps, p.api_key);
  if (!key) throw new Open311Error(403, "api_key is invalid or revoked");
  const root = await jurisdiction(deps.db, p.jurisdiction_id);
  if (!key.path.startsWith(root)) throw new Open311Error(404, `jurisdiction_id ${p.jurisdiction_id ?? ""} is not served by this api_key`);
  if (!p.service_code) throw new Open311Error(400, "service_code is required");
  const [category] = await queryRows<{ id: string }>(deps.db, sql`SELECT id FROM appeal_categories WHERE code = ${p.service_code} AND disabled_at IS NULL`);
  if (!category) throw new Open311Error(404, `service_code ${p.service_code} not found`);
  const hasLat = p.lat !== undefined && p.lat !== "";
  const hasLong = p.long !== undefined && p.long !== "";
  if (hasLat !== hasLong) throw new Open311Error(400, "lat and long must be sent together");
  if (!hasLat && !p.address_string && !p.address_id) throw new Open311Error(400, "a location is required: lat and long, address_string or address_id");
  let location: { lat: number; lng: number } | undefined;
  if (hasLat) {
    const check = checkLatLng({ lat: Number(p.lat), lng: Number(p.long) });
    if (!check.ok) throw new Open311Error(400, `${check.reason === "geo.badLatitude" ? "lat" : "long"} is not a valid WGS84 coordinate`);
    location = convertCoord(check.point, coordSystem(p.coord_system), "WGS84");
  }
  const description = (p.description ?? "").trim();
  if (!description) throw new Open311Error(400, "description is required");
  if (description.length > DESCRIPTION_MAX) throw new Open311Error(400, `description is longer than ${DESCRIPTION_MAX} characters`);
  const gridId = location ? await nearestGrid(deps.db, key.path, location.lat, location.lng) : null;
  const grid = gridId ? await findGrid(deps.db, gridId) : null;
  const address = [p.address_string, p.address_id ? `address_id ${p.address_id}` : undefined].filter(Boolean).join(" · ");
  try {
    const r = await fileAppealCore(deps, wf, systemActor(`open311:${key.prefix}`), {
      grid,
      unit: { id: key.unitId, path: key.path, level: key.level },
      channel: "open311",
      categoryId: category.id,
      description,
      ...(address ? { locationText: address.slice(0, 200) } : {}),
      ...(location ? { location } : {}),
    });
    return [{ service_request_id: r.trackingCode, service_notice: null, account_id: null }];
  } catch (err) {
    if (err instanceof AppError) throw new Open311Error(err.code === "NOT_FOUND" ? 404 : 400, translate(locale, err.messageRef.key, err.messageRef.params));
    throw err;
  }
}
