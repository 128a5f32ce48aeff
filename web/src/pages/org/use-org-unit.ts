import { useQuery } from "@tanstack/react-query";
import { org } from "../../../../common/contract/index.js";
import { call } from "../../api/client.js";
import { keys } from "../../api/keys.js";

/** One unit with ancestors, counts and abilities (shared by the tree and the unit page). */
export function useOrgUnit(id: string | undefined) {
  return useQuery({
    queryKey: keys.orgUnit(id ?? ""),
    queryFn: () => call(org.getOrgUnit, { params: { id: id ?? "" } }),
    enabled: !!id,
  });
}
