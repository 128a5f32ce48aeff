import { z } from "zod";
import { endpoint } from "./endpoint.js";
import { ROLES } from "../roles.js";
import { YEAR_COVERAGES } from "../calendar.js";

export const health = endpoint({
  method: "GET",
  path: "/api/v1/health",
  summary: "Liveness, database kind and operational warnings (e.g. next year's holiday calendar missing)",
  tags: ["system"],
  access: { public: true },
  response: z.object({
    status: z.literal("ok"),
    database: z.enum(["pglite", "postgresql"]),
    version: z.string(),
    /** Things an operator must act on; the service still runs. */
    warnings: z.array(z.object({ code: z.literal("calendarUncovered"), year: z.number().int(), coverage: z.enum(YEAR_COVERAGES) })),
  }),
});

export const info = endpoint({
  method: "GET",
  path: "/api/v1/system/info",
  summary: "What the sign-in page needs: deployment name and whether this is demo data",
  tags: ["system"],
  access: { public: true },
  response: z.object({
    version: z.string(),
    demo: z.boolean(),
    /** The deployment's root unit (e.g. 汕头市), null before any import. */
    rootName: z.string().nullable(),
    /** On demo data only: the demo accounts the sign-in page lists (all share the demo password). */
    demoAccounts: z.array(z.object({ username: z.string(), displayName: z.string(), role: z.enum(ROLES), scopeName: z.string() })),
    demoPassword: z.string().nullable(),
  }),
});
