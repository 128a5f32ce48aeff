import { gridBoundary } from "../../../../common/contract/grids.contract.js";

export type Boundary = ReturnType<typeof gridBoundary.parse>;

/**
 * The GeoJSON text box: empty means "no boundary"; anything else must parse as the contract's
 * Polygon/MultiPolygon, checked here so a typo never reaches the server as a 400 on save.
 */
export function parseBoundary(text: string | undefined): Boundary | null | "invalid" {
  if (!text?.trim()) return null;
  try {
    const r = gridBoundary.safeParse(JSON.parse(text));
    return r.success ? r.data : "invalid";
  } catch {
    return "invalid";
  }
}
