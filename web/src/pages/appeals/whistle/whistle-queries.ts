import type { QueryClient } from "@tanstack/react-query";
import type { WhistleDetail } from "../../../../../common/contract/whistle.contract.js";

/** Query keys of the whistle board, the department view and the scorecards. */
export const whistleKeys = {
  all: ["whistles"] as const,
  list: (query: object) => ["whistles", "list", query] as const,
  detail: (id: string) => ["whistles", "detail", id] as const,
  mine: (query: object) => ["whistles", "my-summons", query] as const,
  summonable: (townId: string) => ["whistles", "summonable", townId] as const,
};

/** A summons event answers the whole whistle; every list that shows it refetches. */
export async function whistleChanged(qc: QueryClient, w: WhistleDetail): Promise<void> {
  qc.setQueryData(whistleKeys.detail(w.id), w);
  await qc.invalidateQueries({ queryKey: ["whistles", "list"] });
  await qc.invalidateQueries({ queryKey: ["whistles", "my-summons"] });
  if (w.appealId) await qc.invalidateQueries({ queryKey: ["appeals", "detail", w.appealId] });
}
