import { z } from "zod";
import { endpoint } from "./endpoint.js";

export const RATE_LEVELS = ["village", "town", "district", "department"] as const;

const rank = z.number().int().nullable();

/** One handling unit's three rates with the counts behind them and its rank among its peers. */
export const unitRates = z.object({
  unitId: z.uuid(),
  name: z.string(),
  /** The owning unit for a department; the unit's own level name otherwise. */
  parentName: z.string().nullable(),
  appeals: z.number().int(),
  respondedOnTime: z.number().int(),
  resolved: z.number().int(),
  rated: z.number().int(),
  satisfied: z.number().int(),
  responseRate: z.number().nullable(),
  resolutionRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
  ranks: z.object({ response: rank, resolution: rank, satisfaction: rank }),
});
export type UnitRates = z.infer<typeof unitRates>;

export const appealRates = endpoint({
  method: "GET",
  path: "/api/v1/appeal-rates",
  summary: "The three rates (响应率 / 解决率 / 满意率) per village, town, district or department in a period, with rankings",
  tags: ["appeals"],
  access: { permission: "rates.read" },
  query: z.object({
    level: z.enum(RATE_LEVELS),
    underId: z.uuid().optional(),
    /** Local dates; default: 1 January of this year to today. */
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    /** Units with fewer appeals (or ratings, for satisfaction) stay unranked. */
    minSample: z.coerce.number().int().min(1).max(1000).default(1),
  }),
  response: z.object({ from: z.string(), to: z.string(), items: z.array(unitRates) }),
});
