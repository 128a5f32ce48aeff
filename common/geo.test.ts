import { describe, expect, it } from "vitest";
import {
  bd09ToGcj02,
  bd09ToWgs84,
  checkLatLng,
  convertCoord,
  gcj02ToBd09,
  gcj02ToWgs84,
  haversineMeters,
  nearest,
  wgs84ToBd09,
  wgs84ToGcj02,
  type GeoReason,
  type LatLng,
} from "./geo.js";
import { piiMessages } from "./i18n/messages/pii.js";

// 汕头市政府一带 (Longhu district), WGS84 as a GPS reports it.
const shantou: LatLng = { lat: 23.3535, lng: 116.682 };

/** The published GCJ-02 formula (Krasovsky 1940 ellipsoid), written out independently of gcoord. */
function referenceGcj02(p: LatLng): LatLng {
  const a = 6378245.0;
  const ee = 0.006693421622965943;
  const x = p.lng - 105;
  const y = p.lat - 35;
  const s = (v: number) => Math.sin(v * Math.PI);
  const common = ((20 * s(6 * x) + 20 * s(2 * x)) * 2) / 3;
  let dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x)) + common;
  dLat += ((20 * s(y) + 40 * s(y / 3)) * 2) / 3 + ((160 * s(y / 12) + 320 * s(y / 30)) * 2) / 3;
  let dLng = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x)) + common;
  dLng += ((20 * s(x) + 40 * s(x / 3)) * 2) / 3 + ((150 * s(x / 12) + 300 * s(x / 30)) * 2) / 3;
  const radLat = (p.lat / 180) * Math.PI;
  const magic = 1 - ee * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: p.lat + dLat, lng: p.lng + dLng };
}

describe("coordinate systems (Shantou)", () => {
  it("WGS84 → GCJ-02 matches the published formula and moves the point a few hundred metres", () => {
    const gcj = wgs84ToGcj02(shantou);
    const ref = referenceGcj02(shantou);
    expect(gcj.lat).toBeCloseTo(ref.lat, 7);
    expect(gcj.lng).toBeCloseTo(ref.lng, 7);
    expect(gcj.lat).toBeCloseTo(23.350843, 5);
    expect(gcj.lng).toBeCloseTo(116.686468, 5);
    const shift = haversineMeters(shantou, gcj);
    expect(shift).toBeGreaterThan(300);
    expect(shift).toBeLessThan(800);
  });

  it("BD-09 sits about (+0.006, +0.0065) from GCJ-02", () => {
    const gcj = wgs84ToGcj02(shantou);
    const bd = gcj02ToBd09(gcj);
    expect(bd.lat - gcj.lat).toBeCloseTo(0.006, 3);
    expect(bd.lng - gcj.lng).toBeCloseTo(0.0065, 3);
    expect(wgs84ToBd09(shantou)).toEqual(bd);
  });

  it.each<[string, (p: LatLng) => LatLng, (p: LatLng) => LatLng]>([
    ["WGS84 ⇄ GCJ-02", wgs84ToGcj02, gcj02ToWgs84],
    ["WGS84 ⇄ BD-09", wgs84ToBd09, bd09ToWgs84],
    ["GCJ-02 ⇄ BD-09", gcj02ToBd09, bd09ToGcj02],
  ])("%s round-trips within 0.1 m", (_name, there, back) => {
    expect(haversineMeters(back(there(shantou)), shantou)).toBeLessThan(0.1);
  });

  it("leaves a point outside China unchanged for GCJ-02", () => {
    const paris = { lat: 48.8566, lng: 2.3522 };
    expect(wgs84ToGcj02(paris)).toEqual(paris);
  });

  it("is the identity for the same system and refuses invalid points", () => {
    expect(convertCoord(shantou, "GCJ02", "GCJ02")).toEqual(shantou);
    expect(() => wgs84ToGcj02({ lat: 91, lng: 116 })).toThrow(RangeError);
  });
});

describe("checkLatLng", () => {
  it.each<[unknown, unknown, string | null]>([
    [23.35, 116.68, null],
    [90, 180, null],
    [-90, -180, null],
    [90.0001, 116, "geo.badLatitude"],
    [-91, 116, "geo.badLatitude"],
    [Number.NaN, 116, "geo.badLatitude"],
    ["23.35", 116, "geo.badLatitude"],
    [23, 180.5, "geo.badLongitude"],
    [23, Number.POSITIVE_INFINITY, "geo.badLongitude"],
    [23, null, "geo.badLongitude"],
  ])("lat %j lng %j", (lat, lng, reason) => {
    const result = checkLatLng({ lat, lng });
    expect(result).toEqual(reason ? { ok: false, reason } : { ok: true, point: { lat, lng } });
  });
});

describe("haversineMeters", () => {
  it.each<[string, LatLng, LatLng, number, number]>([
    ["same point", shantou, shantou, 0, 0.001],
    ["one degree of latitude", { lat: 0, lng: 0 }, { lat: 1, lng: 0 }, 111_195, 1],
    ["one degree of longitude at the equator", { lat: 0, lng: 116 }, { lat: 0, lng: 117 }, 111_195, 1],
    ["antipodes", { lat: 0, lng: 0 }, { lat: 0, lng: 180 }, Math.PI * 6_371_008.8, 1],
    ["Shantou → Chaozhou (about 34 km)", shantou, { lat: 23.6567, lng: 116.6226 }, 34_300, 500],
  ])("%s", (_name, a, b, meters, tolerance) => {
    expect(Math.abs(haversineMeters(a, b) - meters)).toBeLessThanOrEqual(tolerance);
    expect(haversineMeters(b, a)).toBeCloseTo(haversineMeters(a, b), 6);
  });
});

describe("nearest", () => {
  const grids = [
    { id: "chaozhou", lat: 23.6567, lng: 116.6226 },
    { id: "broken", lat: Number.NaN, lng: 116.68 },
    { id: "longhu", lat: 23.371, lng: 116.7 },
    { id: "longhu-twin", lat: 23.371, lng: 116.7 },
  ];

  it("finds the closest valid candidate, first one on ties", () => {
    const hit = nearest(shantou, grids);
    expect(hit?.item.id).toBe("longhu");
    expect(hit?.index).toBe(2);
    expect(hit?.meters).toBeCloseTo(haversineMeters(shantou, { lat: 23.371, lng: 116.7 }), 6);
  });

  it("returns undefined without valid candidates", () => {
    expect(nearest(shantou, [])).toBeUndefined();
    expect(nearest(shantou, [{ lat: 200, lng: 0 }])).toBeUndefined();
  });
});

describe("messages", () => {
  const reasons: Record<GeoReason, true> = { "geo.badLatitude": true, "geo.badLongitude": true };

  it.each(Object.keys(reasons))("%s has zh-CN and en text", (key) => {
    expect(piiMessages["zh-CN"][key]).toBeTruthy();
    expect(piiMessages.en[key]).toBeTruthy();
  });
});
