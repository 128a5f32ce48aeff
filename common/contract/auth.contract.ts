import { z } from "zod";
import { endpoint } from "./endpoint.js";
import { okResponse } from "./shared.js";
import { ORG_LEVELS, PERMISSIONS, ROLES } from "../roles.js";

export const grantView = z.object({
  id: z.uuid(),
  role: z.enum(ROLES),
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  orgUnitLevel: z.enum(ORG_LEVELS),
  divisionCode: z.string().nullable(),
});
export type GrantView = z.infer<typeof grantView>;

export const meResponse = z.object({
  user: z.object({ id: z.uuid(), username: z.string(), displayName: z.string() }),
  grants: z.array(grantView),
  /** Permissions the actor holds somewhere in its scopes: the UI shows menus from these. */
  permissions: z.array(z.enum(PERMISSIONS)),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof meResponse>;

export const login = endpoint({
  method: "POST",
  path: "/api/v1/auth/login",
  summary: "Sign in with username and password; sets the session cookie",
  tags: ["auth"],
  access: { public: true },
  body: z.object({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(256),
  }),
  response: meResponse,
});

export const logout = endpoint({
  method: "POST",
  path: "/api/v1/auth/logout",
  summary: "End the current session",
  tags: ["auth"],
  access: { authenticated: true },
  response: okResponse,
});

export const me = endpoint({
  method: "GET",
  path: "/api/v1/auth/me",
  summary: "The signed-in user, grants and CSRF token",
  tags: ["auth"],
  access: { authenticated: true },
  response: meResponse,
});
