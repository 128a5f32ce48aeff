import { z } from "zod";
import { endpoint } from "./endpoint.js";
import { idParam, paging } from "./shared.js";
import { grantView } from "./auth.contract.js";
import { ROLES } from "../roles.js";

/** Password policy: at least 10 characters (the plan's users are officials, not crypto experts). */
export const PASSWORD_MIN = 10;
export const password = z.string().min(PASSWORD_MIN).max(256);
export const username = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[a-z][a-z0-9_.-]*$/, { message: "validation.username" });

export const grantInput = z.object({
  role: z.enum(ROLES),
  orgUnitId: z.uuid(),
  departmentId: z.uuid().optional(),
});

export const userView = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  grants: z.array(grantView),
  abilities: z.object({ manage: z.boolean() }),
});
export type UserView = z.infer<typeof userView>;

export const listUsers = endpoint({
  method: "GET",
  path: "/api/v1/users",
  summary: "Users with a grant inside the actor's scope",
  tags: ["users"],
  access: { permission: "user.read" },
  query: z.object({ q: z.string().trim().max(50).optional(), orgUnitId: z.uuid().optional(), ...paging }),
  response: z.object({ items: z.array(userView), total: z.number().int() }),
});

export const getUser = endpoint({
  method: "GET",
  path: "/api/v1/users/:id",
  summary: "One user",
  tags: ["users"],
  access: { permission: "user.read" },
  params: idParam,
  response: userView,
});

export const createUser = endpoint({
  method: "POST",
  path: "/api/v1/users",
  summary: "Create a user with one role grant inside the actor's scope",
  tags: ["users"],
  access: { permission: "user.manage" },
  body: z
    .object({
      username,
      displayName: z.string().trim().min(1).max(40),
      password,
      grant: grantInput,
    })
    .strict(),
  response: userView,
  status: 201,
});

export const addGrant = endpoint({
  method: "POST",
  path: "/api/v1/users/:id/grants",
  summary: "Grant another role + scope",
  tags: ["users"],
  access: { permission: "user.manage" },
  params: idParam,
  body: grantInput.strict(),
  response: userView,
  status: 201,
});

export const removeGrant = endpoint({
  method: "DELETE",
  path: "/api/v1/users/:id/grants/:grantId",
  summary: "Revoke a role grant",
  tags: ["users"],
  access: { permission: "user.manage" },
  params: z.object({ id: z.uuid(), grantId: z.uuid() }),
  response: userView,
});

export const setUserDisabled = endpoint({
  method: "POST",
  path: "/api/v1/users/:id/disabled",
  summary: "Disable or re-enable a user (disabling ends their sessions)",
  tags: ["users"],
  access: { permission: "user.manage" },
  params: idParam,
  body: z.object({ disabled: z.boolean() }).strict(),
  response: userView,
});

export const resetPassword = endpoint({
  method: "POST",
  path: "/api/v1/users/:id/password",
  summary: "Set a new password (ends the user's sessions and clears a lockout)",
  tags: ["users"],
  access: { permission: "user.manage" },
  params: idParam,
  body: z.object({ password }).strict(),
  response: userView,
});
