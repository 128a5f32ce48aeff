import { useCallback, useRef, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { org } from "../../../common/contract/index.js";
import type { OrgUnitSummary } from "../../../common/contract/org.contract.js";
import { call } from "../api/client.js";
import { keys } from "../api/keys.js";

/** Enough for any town's villages; a truncated list says so. */
export const CHILDREN_LIMIT = 500;

export function fetchChildren(parentId: string) {
  return call(org.listOrgUnits, { query: { parentId, limit: CHILDREN_LIMIT } });
}

export interface OrgTreeData {
  roots: OrgUnitSummary[] | undefined;
  rootsError: unknown;
  /** Children loaded so far, by parent id. */
  children: ReadonlyMap<string, OrgUnitSummary[]>;
  ensureChildren(id: string): Promise<void>;
  /**
   * Loads the children along a path (ancestor ids, outermost first, then the unit itself) from
   * the first id that is one of my roots down; returns the ids whose children are now loaded.
   */
  revealPath(path: readonly string[]): Promise<string[]>;
}

/** The lazily loaded org tree of my scope, shared by the tree browser and the scope picker. */
export function useOrgTreeData(): OrgTreeData {
  const qc = useQueryClient();
  const rootsQuery = useQuery({ queryKey: keys.orgRoots, queryFn: () => call(org.listOrgUnits), staleTime: 60_000 });
  const [children, setChildren] = useState<ReadonlyMap<string, OrgUnitSummary[]>>(new Map());
  const loaded = useRef(new Map<string, OrgUnitSummary[]>());

  const ensureChildren = useCallback(
    async (id: string) => {
      if (loaded.current.has(id)) return;
      const res = await qc.fetchQuery({ queryKey: keys.orgChildren(id), queryFn: () => fetchChildren(id), staleTime: 60_000 });
      loaded.current.set(id, res.items);
      setChildren(new Map(loaded.current));
    },
    [qc],
  );

  const rootIds = rootsQuery.data?.items.map((r) => r.id).join(",") ?? "";
  const revealPath = useCallback(
    async (path: readonly string[]) => {
      const roots = new Set(rootIds.split(",").filter(Boolean));
      const start = path.findIndex((id) => roots.has(id));
      if (start < 0) return [];
      const opened: string[] = [];
      for (const id of path.slice(start)) {
        await ensureChildren(id);
        opened.push(id);
      }
      return opened;
    },
    [rootIds, ensureChildren],
  );

  return { roots: rootsQuery.data?.items, rootsError: rootsQuery.error, children, ensureChildren, revealPath };
}
