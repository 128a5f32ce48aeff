import { z } from "zod";
import { endpoint } from "./endpoint.js";
import { paging } from "./shared.js";

export const auditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.uuid().nullable(),
  actorName: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  orgUnitId: z.uuid().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const listAudit = endpoint({
  method: "GET",
  path: "/api/v1/audit",
  summary: "Audit records about the actor's scope, newest first",
  tags: ["audit"],
  access: { permission: "audit.read" },
  query: z.object({
    action: z.string().trim().max(80).optional(),
    entityType: z.string().trim().max(40).optional(),
    entityId: z.string().trim().max(80).optional(),
    actor: z.string().trim().max(64).optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    ...paging,
  }),
  response: z.object({ items: z.array(auditEntry), total: z.number().int() }),
});
