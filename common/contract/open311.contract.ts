import { z } from "zod";
import { endpoint } from "./endpoint.js";
import { idParam } from "./shared.js";

/** An Open311 API key as admins see it: never the key itself, only its first characters. */
export const open311Key = z.object({
  id: z.uuid(),
  name: z.string(),
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  keyPrefix: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type Open311Key = z.infer<typeof open311Key>;

export const listOpen311Keys = endpoint({
  method: "GET",
  path: "/api/v1/open311/keys",
  summary: "Open311 API keys issued in scope",
  tags: ["open311"],
  access: { permission: "open311.manage" },
  response: z.object({ items: z.array(open311Key) }),
});

export const issueOpen311Key = endpoint({
  method: "POST",
  path: "/api/v1/open311/keys",
  summary: "Issue an Open311 API key for a district or town: the key is shown once, only its hash is stored",
  tags: ["open311"],
  access: { permission: "open311.manage" },
  body: z.object({ orgUnitId: z.uuid(), name: z.string().trim().min(2).max(60) }).strict(),
  response: open311Key.extend({ key: z.string() }),
  status: 201,
});

export const revokeOpen311Key = endpoint({
  method: "DELETE",
  path: "/api/v1/open311/keys/:id",
  summary: "Revoke an Open311 API key",
  tags: ["open311"],
  access: { permission: "open311.manage" },
  params: idParam,
  response: open311Key,
});
