/**
 * Coordinates. Open311 and GPS speak WGS84; Chinese web maps draw in GCJ-02 (高德, 腾讯, 天地图's
 * Chinese tiles) or BD-09 (百度). Store WGS84 and convert at the map edge.
 */
import gcoordImport from "gcoord";

export const COORD_SYSTEMS = ["WGS84", "GCJ02", "BD09"] as const;
export type CoordSystem = (typeof COORD_SYSTEMS)[number];

export interface LatLng {
  lat: number;
  lng: number;
}

/** Message keys (common/i18n/messages/pii.ts) for a rejected coordinate. */
export type GeoReason = "geo.badLatitude" | "geo.badLongitude";

export type LatLngCheck = { ok: true; point: LatLng } | { ok: false; reason: GeoReason };

/** Mean Earth radius (IUGG), the usual choice for haversine distances. */
export const EARTH_RADIUS_METERS = 6_371_008.8;

interface GcoordApi {
  transform(input: [number, number], from: string, to: string): [number, number];
}

// gcoord's typings declare an ES default export while Node loads its CommonJS build, where the
// default import is `module.exports` itself; bundlers give the ES build's default. Both objects
// carry `transform`, so accept either shape instead of trusting the typings.
const gcoord: GcoordApi = pickGcoord(gcoordImport as unknown);

function pickGcoord(mod: unknown): GcoordApi {
  const candidate = (mod as { transform?: unknown; default?: unknown } | null) ?? {};
  if (typeof candidate.transform === "function") return candidate as GcoordApi;
  const inner = candidate.default as { transform?: unknown } | undefined;
  if (inner && typeof inner.transform === "function") return inner as GcoordApi;
  throw new Error("gcoord: transform() not found");
}

/** Checks a coordinate: finite numbers, latitude in [-90, 90], longitude in [-180, 180]. */
export function checkLatLng(point: { lat: unknown; lng: unknown }): LatLngCheck {
  const { lat, lng } = point;
  if (typeof lat !== "number" || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    return { ok: false, reason: "geo.badLatitude" };
  }
  if (typeof lng !== "number" || !Number.isFinite(lng) || lng < -180 || lng > 180) {
    return { ok: false, reason: "geo.badLongitude" };
  }
  return { ok: true, point: { lat, lng } };
}

/** True when {@link checkLatLng} accepts the point. */
export function isValidLatLng(point: { lat: unknown; lng: unknown }): point is LatLng {
  return checkLatLng(point).ok;
}

/**
 * Converts between WGS84, GCJ-02 and BD-09 with gcoord. gcoord leaves points outside China
 * unchanged for GCJ-02 (the offset only applies inside China). Throws a RangeError on an invalid
 * coordinate, since callers are expected to have checked user input with {@link checkLatLng}.
 */
export function convertCoord(point: LatLng, from: CoordSystem, to: CoordSystem): LatLng {
  assertValid(point);
  if (from === to) return { lat: point.lat, lng: point.lng };
  const [lng, lat] = gcoord.transform([point.lng, point.lat], from, to);
  return { lat, lng };
}

/** WGS84 (GPS, Open311) → GCJ-02 (高德/腾讯 maps). */
export function wgs84ToGcj02(point: LatLng): LatLng {
  return convertCoord(point, "WGS84", "GCJ02");
}

/** GCJ-02 → WGS84 (gcoord inverts the offset iteratively; error well under a metre). */
export function gcj02ToWgs84(point: LatLng): LatLng {
  return convertCoord(point, "GCJ02", "WGS84");
}

/** WGS84 → BD-09 (百度 maps). */
export function wgs84ToBd09(point: LatLng): LatLng {
  return convertCoord(point, "WGS84", "BD09");
}

/** BD-09 → WGS84. */
export function bd09ToWgs84(point: LatLng): LatLng {
  return convertCoord(point, "BD09", "WGS84");
}

/** GCJ-02 → BD-09. */
export function gcj02ToBd09(point: LatLng): LatLng {
  return convertCoord(point, "GCJ02", "BD09");
}

/** BD-09 → GCJ-02. */
export function bd09ToGcj02(point: LatLng): LatLng {
  return convertCoord(point, "BD09", "GCJ02");
}

/**
 * Great-circle distance in metres on a sphere of radius {@link EARTH_RADIUS_METERS}; within
 * ~0.5% of the ellipsoidal distance. Both points must be in the same coordinate system.
 */
export function haversineMeters(a: LatLng, b: LatLng): number {
  assertValid(a);
  assertValid(b);
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface Nearest<T> {
  item: T;
  index: number;
  meters: number;
}

/**
 * The candidate closest to `point` by haversine distance, or undefined when there is none.
 * Candidates with invalid coordinates are skipped; ties go to the earlier candidate.
 */
export function nearest<T extends LatLng>(point: LatLng, candidates: readonly T[]): Nearest<T> | undefined {
  assertValid(point);
  let best: Nearest<T> | undefined;
  candidates.forEach((item, index) => {
    if (!isValidLatLng(item)) return;
    const meters = haversineMeters(point, item);
    if (!best || meters < best.meters) best = { item, index, meters };
  });
  return best;
}

function assertValid(point: LatLng): void {
  const check = checkLatLng(point);
  if (!check.ok) throw new RangeError(`invalid coordinate (${check.reason})`);
}
