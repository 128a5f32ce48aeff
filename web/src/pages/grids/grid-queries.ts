import type { QueryClient } from "@tanstack/react-query";
import { fillPath, grids } from "../../../../common/contract/index.js";

/** Query keys of the grid screens (kept here so the shared keys file only grows by what is shared). */
export const gridKeys = {
  all: ["grids"] as const,
  list: (query: object) => ["grids", "list", query] as const,
  detail: (id: string) => ["grids", "detail", id] as const,
};

/** Any grid change can move list rows (names, counts, leader), so the whole family refetches. */
export function gridsChanged(qc: QueryClient): Promise<void> {
  return qc.invalidateQueries({ queryKey: gridKeys.all });
}

/**
 * The signboard PDFs are plain GETs with the session cookie, so a link downloads them without
 * loading a whole PDF into script memory.
 */
export function signboardUrl(gridId: string, paper: "A4" | "A3"): string {
  return `${fillPath(grids.gridSignboard.path, { id: gridId })}?paper=${paper}`;
}

export function batchSignboardUrl(underId: string, paper: "A4" | "A3"): string {
  return `${grids.batchSignboards.path}?underId=${encodeURIComponent(underId)}&paper=${paper}`;
}
