import { useQuery, type QueryClient } from "@tanstack/react-query";
import { appeals, fillPath } from "../../../../common/contract/index.js";
import type { AppealDetail } from "../../../../common/contract/appeals.contract.js";
import { call } from "../../api/client.js";

/** Query keys of the appeal screens. */
export const appealKeys = {
  all: ["appeals"] as const,
  list: (query: object) => ["appeals", "list", query] as const,
  detail: (id: string) => ["appeals", "detail", id] as const,
  categories: ["appeal-categories"] as const,
  inbox: ["notifications"] as const,
  notifiers: (orgUnitId?: string) => ["notifier-configs", orgUnitId ?? "scope"] as const,
};

/** After a transition the detail answer is fresh; lists (queues, counts) refetch. */
export async function appealChanged(qc: QueryClient, detail: AppealDetail): Promise<void> {
  qc.setQueryData(appealKeys.detail(detail.id), detail);
  await qc.invalidateQueries({ queryKey: ["appeals", "list"] });
  await qc.invalidateQueries({ queryKey: appealKeys.inbox });
}

export function useCategories() {
  return useQuery({ queryKey: appealKeys.categories, queryFn: () => call(appeals.listCategories), staleTime: 10 * 60_000 });
}

/** Photos and voice notes are GETs with the session cookie, so <img>/<audio> load them directly. */
export function attachmentUrl(appealId: string, attachmentId: string): string {
  return fillPath(appeals.downloadAppealAttachment.path, { id: appealId, attachmentId });
}

/** A client-made idempotency key, so a retried submit (3G, double tap) files one appeal. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
