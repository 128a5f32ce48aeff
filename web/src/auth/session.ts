import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router-dom";
import { auth, system } from "../../../common/contract/index.js";
import type { Me } from "../../../common/contract/auth.contract.js";
import type { Permission } from "../../../common/roles.js";
import { call, setCsrfToken } from "../api/client.js";
import { keys } from "../api/keys.js";

async function fetchMe(): Promise<Me> {
  const me = await call(auth.me);
  setCsrfToken(me.csrfToken);
  return me;
}

/** The signed-in user; errors with UNAUTHENTICATED when there is no session. */
export function useMe() {
  return useQuery({ queryKey: keys.me, queryFn: fetchMe, retry: false, staleTime: Infinity });
}

/** The signed-in user where the route guard has already made sure there is one. */
export function useSignedIn(): Me {
  const { data } = useMe();
  if (!data) throw new Error("useSignedIn outside a signed-in route");
  return data;
}

export function useCan(permission: Permission): boolean {
  const { data } = useMe();
  return !!data?.permissions.includes(permission);
}

export function useSystemInfo() {
  return useQuery({ queryKey: keys.systemInfo, queryFn: () => call(system.info), staleTime: 5 * 60_000 });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => call(auth.login, { body }),
    onSuccess: (me) => {
      // Nothing cached from an earlier session may leak into this one.
      qc.clear();
      setCsrfToken(me.csrfToken);
      qc.setQueryData(keys.me, me);
    },
  });
}

/** Ends the session (even when the server call fails) and returns to the sign-in page. */
export function useLogout(): () => Promise<void> {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    try {
      await call(auth.logout);
    } catch {
      // the session may already be gone; signing out locally is what matters
    }
    setCsrfToken(null);
    // Leave the signed-in screens first, so none of them renders without its data.
    await navigate("/login", { replace: true });
    qc.clear();
  };
}
