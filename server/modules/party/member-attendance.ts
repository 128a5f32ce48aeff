import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { pgArray, textLines } from "./bulk-sql.js";

/** A meeting's class for the member metrics: 1 counted (三会一课), 2 theme day, 0 any other. */
export type SheetClass = 0 | 1 | 2;

/** One attendance sheet: its roster, its meeting's class and its codes (P/E/A per roster position). */
export interface Sheet {
  r: string;
  c: SheetClass;
  a: string;
}

/** Per member: sheets on, present, present at counted meetings, present at theme days, excused, absent. */
export interface AttendanceCounts {
  expected: number;
  present: number;
  counted: number;
  themeDays: number;
  excused: number;
  absent: number;
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * Counts every sheet's codes per member: position i of a sheet is the roster's i-th member, as
 * SQL's substr(attendance, i, 1) read it. A roster position beyond the sheet's end (or a code
 * other than P/E/A) still counts as a sheet the member was on; positions are characters, not
 * UTF-16 units. A member listed twice on a roster counts twice, as the unnest did.
 */
export function countAttendance(rosters: ReadonlyMap<string, readonly string[]>, sheets: readonly Sheet[]): Map<string, AttendanceCounts> {
  const out = new Map<string, AttendanceCounts>();
  for (const s of sheets) {
    const ids = rosters.get(s.r);
    if (!ids) continue;
    const codes: ArrayLike<string> = ASCII.test(s.a) ? s.a : Array.from(s.a);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as string;
      let c = out.get(id);
      if (!c) {
        c = { expected: 0, present: 0, counted: 0, themeDays: 0, excused: 0, absent: 0 };
        out.set(id, c);
      }
      c.expected++;
      const code = i < codes.length ? codes[i] : undefined;
      if (code === "P") {
        c.present++;
        if (s.c === 1) c.counted++;
        else if (s.c === 2) c.themeDays++;
      } else if (code === "E") c.excused++;
      else if (code === "A") c.absent++;
    }
  }
  return out;
}

/** A uuid as text: always 36 characters, so lines of them need no separators. */
const UUID_LEN = 36;

/**
 * A roster line as readAttendance's query writes it: the roster id, then its member ids back to
 * back (a NULL element as 36 dashes, so later positions keep their place). Pure, for the tests.
 */
export function parseRosterLine(line: string): [string, string[]] {
  const ids: string[] = [];
  for (let i = UUID_LEN; i < line.length; i += UUID_LEN) ids.push(line.slice(i, i + UUID_LEN));
  return [line.slice(0, UUID_LEN), ids];
}

/** A sheet line: the roster id, the meeting's class (one digit), then the codes. Pure, for the tests. */
export function parseSheetLine(line: string): Sheet {
  return { r: line.slice(0, UUID_LEN), c: Number(line.charAt(UUID_LEN)) as SheetClass, a: line.slice(UUID_LEN + 1) };
}

/**
 * The year's attendance sheets and the rosters they use, read as two texts of lines (textLines)
 * and counted in JavaScript (countAttendance). On PGlite the SQL form — every sheet unnested
 * (914,000 entries for the Shantou demo) and six filtered counts per entry in a hash aggregate —
 * cost ~870 ms against ~150 ms for reading the sheets as JSON and counting them here
 * (2026-11-29); lines instead of JSON cut the sheets' read again (~110-140 → ~50 ms). A newline
 * in a sheet's codes becomes a space: one character for one, and neither is P, E or A. With
 * `subjectIds` only the rosters naming one of them are read (their sheets count the same for
 * those members). Sheets of every organisation count, not only those in scope: attendance
 * follows the person.
 */
export async function readAttendance(db: Db, s: { from: string; to: string; counted: readonly string[]; subjectIds?: readonly string[] }): Promise<Map<string, AttendanceCounts>> {
  const only = s.subjectIds ? sql`AND r.member_ids && ${pgArray(s.subjectIds, "uuid")}` : sql``;
  const inYear = sql`m.held_on >= ${s.from}::date AND m.held_on < ${s.to}::date`;
  const rosterLines = await textLines(
    db,
    sql`SELECT r.id::text || array_to_string(r.member_ids, '', ${"-".repeat(UUID_LEN)}) AS line
        FROM attendance_rosters r WHERE r.id IN (SELECT m.roster_id FROM meetings m WHERE ${inYear}) ${only}`,
  );
  const rosters = new Map(rosterLines.map(parseRosterLine));
  const restrict = s.subjectIds ? sql`AND m.roster_id = ANY(${pgArray([...rosters.keys()], "uuid")})` : sql``;
  const sheetLines = await textLines(
    db,
    sql`SELECT m.roster_id::text || CASE WHEN m.type = ANY(${pgArray(s.counted, "text")}) THEN '1' WHEN m.type = 'themeDay' THEN '2' ELSE '0' END
          || replace(m.attendance, E'\n', ' ') AS line
        FROM meetings m WHERE ${inYear} AND m.roster_id IS NOT NULL ${restrict}`,
  );
  return countAttendance(rosters, sheetLines.map(parseSheetLine));
}
