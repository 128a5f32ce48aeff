import { sql } from "drizzle-orm";
import { queryRows } from "../../db/client.js";
import type { RatingDeps } from "./rating-deps.js";

/**
 * The public index of star lists (公示): published fortress schemes that have at least one
 * village in publicity or final, newest year first. Names and years only, so a villager can open
 * the list from a fixed address or QR code; nothing about any person.
 */
export async function publicSchemes(deps: Pick<RatingDeps, "db">): Promise<{ items: { id: string; name: string; year: number }[] }> {
  const items = await queryRows<{ id: string; name: string; year: number }>(
    deps.db,
    sql`SELECT s.id, s.name, s.year FROM rating_schemes s
        WHERE s.programme = 'fortress' AND s.status = 'published'
          AND EXISTS (SELECT 1 FROM rating_assessments a WHERE a.scheme_id = s.id AND a.status IN ('publicity', 'final'))
        ORDER BY s.year DESC, s.name, s.version DESC LIMIT 100`,
  );
  return { items: items.map((r) => ({ ...r, year: Number(r.year) })) };
}
