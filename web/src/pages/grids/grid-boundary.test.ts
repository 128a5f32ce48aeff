import { describe, expect, it } from "vitest";
import { parseBoundary } from "./grid-boundary.js";

describe("grid boundary text box", () => {
  it("treats an empty box as no boundary", () => {
    expect(parseBoundary(undefined)).toBeNull();
    expect(parseBoundary("  \n")).toBeNull();
  });

  it("accepts a GeoJSON Polygon", () => {
    const text = '{"type":"Polygon","coordinates":[[[116.6,23.3],[116.7,23.3],[116.7,23.4],[116.6,23.3]]]}';
    expect(parseBoundary(text)).toMatchObject({ type: "Polygon" });
  });

  it("rejects broken JSON, other geometry types and empty coordinates", () => {
    expect(parseBoundary("{type: Polygon")).toBe("invalid");
    expect(parseBoundary('{"type":"Point","coordinates":[116.6,23.3]}')).toBe("invalid");
    expect(parseBoundary('{"type":"Polygon","coordinates":[]}')).toBe("invalid");
  });
});
