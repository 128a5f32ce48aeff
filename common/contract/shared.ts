import { z } from "zod";

export const idParam = z.object({ id: z.uuid() });
export const isoDateTime = z.string();
export const paging = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};
export const okResponse = z.object({ ok: z.literal(true) });

/** Booleans in query strings arrive as text. */
export const queryBoolean = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1");
