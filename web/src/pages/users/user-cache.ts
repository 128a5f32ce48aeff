import type { QueryClient } from "@tanstack/react-query";
import type { UserView } from "../../../../common/contract/users.contract.js";
import { keys } from "../../api/keys.js";

/**
 * Every user action answers with the updated user: show it at once in the cached lists, then
 * refetch in the background (the change may move the user in or out of a filtered page).
 */
export function userChanged(qc: QueryClient, user: UserView): void {
  qc.setQueriesData<{ items: UserView[]; total: number }>({ queryKey: keys.users }, (old) =>
    old ? { ...old, items: old.items.map((u) => (u.id === user.id ? user : u)) } : old,
  );
  void qc.invalidateQueries({ queryKey: keys.users });
}
