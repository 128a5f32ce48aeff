/** TanStack Query keys in one place, so invalidations match the queries they mean. */
export const keys = {
  me: ["me"] as const,
  systemInfo: ["system-info"] as const,
  orgRoots: ["org-units", "roots"] as const,
  orgChildren: (parentId: string) => ["org-units", "children", parentId] as const,
  orgSearch: (q: string) => ["org-units", "search", q] as const,
  orgUnit: (id: string) => ["org-unit", id] as const,
  orgStats: (rootId?: string) => ["org-stats", rootId ?? "scope"] as const,
  departments: (orgUnitId: string) => ["departments", orgUnitId] as const,
  users: ["users"] as const,
  audit: ["audit"] as const,
};
