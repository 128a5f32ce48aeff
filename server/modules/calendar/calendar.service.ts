/**
 * The official holiday calendar the city keeps (migration 0039), for holders of
 * `calendar.manage` (city admins): the year view, entering a notice's days all or nothing,
 * deleting a day, marking a year complete, and the coverage status. Every write is audited in
 * its transaction, recomputes there the open deadline timers it moves (server/workflow/recompute.ts),
 * and reloads this process's calendar after the commit, so the next deadline counts with it.
 */
import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { officialCalendarDays, officialCalendarYears } from "../../db/schema/index.js";
import { actorId, type Actor } from "../../platform/actor.js";
import { writeAudit, type AuditRecord } from "../../platform/audit.js";
import type { Clock } from "../../platform/clock.js";
import { AppError } from "../../platform/errors.js";
import { addDays, localDate, weekday } from "../../platform/calendar/zoned-time.js";
import { officialCalendar } from "../../platform/calendar/calendar-provider.js";
import { chinaHolidayDataRange } from "../../platform/calendar/china-holidays.js";
import { batchProblems, chineseDaysPackage, coverageWarnings, resolveYear, type CoverageWarning } from "../../platform/calendar/official-calendar.js";
import type { EndpointBody } from "../../../common/contract/endpoint.js";
import type { calendar as calendarContract } from "../../../common/contract/index.js";
import type { CalendarDayView, CalendarYearView } from "../../../common/contract/calendar.contract.js";
import type { AnyWorkflow } from "../../workflow/apply.js";
import { lockCalendarWrites, recomputeTimers } from "../../workflow/recompute.js";
import { dueMoveAudits, overdueNow } from "../../workflow/due-moves.js";
import { loadOfficialCalendar, readOfficialCalendar } from "./calendar-cache.js";

export interface CalendarDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  /** Whose pending timers a calendar change recomputes (every module's workflows). */
  workflows: readonly AnyWorkflow[];
}

/** What a calendar change did to the open deadlines (shown in the screen's save result). */
export interface Recomputed {
  timers: number;
  deadlines: number;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** A year as deadlines see it: the notice's days with their source, and whether it is covered. */
export async function calendarYear(db: Db, year: number): Promise<CalendarYearView> {
  // Read from the database, not the cache: the screen must show what is stored.
  const calendar = await loadOfficialCalendar(db);
  const entered = await db
    .select()
    .from(officialCalendarDays)
    .where(sql`${officialCalendarDays.date} BETWEEN ${`${year}-01-01`} AND ${`${year}-12-31`}`);
  const byDate = new Map(entered.map((e) => [e.date, e]));
  const [done] = await db.select().from(officialCalendarYears).where(eq(officialCalendarYears.year, year));
  const packageCovers = chineseDaysPackage.covers(year);
  const days: CalendarDayView[] = resolveYear(calendar, year)
    .filter((d) => d.kind !== null)
    .map((d) => {
      const e = byDate.get(d.date);
      return {
        ...d,
        sourceNote: e?.sourceNote ?? null,
        // What the day would be without the entry: shows a correction of the package at a glance.
        packageWorking: e ? (packageCovers ? chineseDaysPackage.isWorkingDate(d.date) : !isWeekendDate(d.date)) : null,
        updatedAt: e ? iso(e.updatedAt) : null,
      };
    });
  return { year, coverage: calendar.coverage(year), days, completedAt: iso(done?.completedAt ?? null), completeNote: done?.note ?? null };
}

/**
 * Enters or corrects days, usually a whole notice at once: all or nothing. A date twice in the
 * batch or a 调休 `workday` on a weekday is refused with the row's field named.
 */
export async function saveCalendarDays(
  deps: CalendarDeps,
  actor: Actor,
  body: EndpointBody<typeof calendarContract.saveCalendarDays>,
): Promise<{ created: number; updated: number; unchanged: number; recomputed: Recomputed }> {
  const problems = batchProblems(body.days);
  if (problems.length > 0) {
    throw new AppError("VALIDATION", {
      fields: Object.fromEntries(problems.map((p) => [p.field, { key: p.key, params: { field: `field.${p.field}`, ...p.params } }])),
    });
  }
  const now = deps.clock.now();
  const by = actorId(actor);
  const rows = body.days.map((d) => ({ date: d.date, kind: d.kind, name: d.name, sourceNote: d.sourceNote ?? body.sourceNote ?? null }));
  const result = await deps.db.transaction(async (tx) => {
    await lockCalendarWrites(tx);
    const existing = await tx
      .select()
      .from(officialCalendarDays)
      .where(inArray(officialCalendarDays.date, rows.map((r) => r.date)))
      .for("update");
    const before = new Map(existing.map((e) => [e.date, e]));
    const changed = rows.filter((r) => {
      const b = before.get(r.date);
      return !b || b.kind !== r.kind || b.name !== r.name || b.sourceNote !== r.sourceNote;
    });
    let recomputed: Recomputed = { timers: 0, deadlines: 0 };
    if (changed.length > 0) {
      await tx
        .insert(officialCalendarDays)
        .values(changed.map((r) => ({ ...r, createdBy: by, createdAt: now, updatedBy: by, updatedAt: now })))
        .onConflictDoUpdate({
          target: officialCalendarDays.date,
          set: { kind: sql`excluded.kind`, name: sql`excluded.name`, sourceNote: sql`excluded.source_note`, updatedBy: by, updatedAt: now },
        });
      // A new name alone moves nothing; a new or changed kind may (a removed entry: delete).
      const moved = new Set(changed.filter((r) => before.get(r.date)?.kind !== r.kind).map((r) => r.date));
      const recompute = await recomputeAfterChange(tx, deps, moved, body.confirmOverdue === true);
      recomputed = recompute.recomputed;
      const records: AuditRecord[] = changed.map((r) => {
        const b = before.get(r.date);
        return {
          action: b ? "calendarDay.update" : "calendarDay.create",
          entityType: "calendarDay",
          entityId: r.date,
          before: b ? { kind: b.kind, name: b.name, sourceNote: b.sourceNote } : null,
          after: { kind: r.kind, name: r.name, sourceNote: r.sourceNote },
        };
      });
      await writeAudit(tx, actor, deps.clock, [...records, ...recompute.audit]);
    }
    const created = changed.filter((r) => !before.has(r.date)).length;
    return { created, updated: changed.length - created, unchanged: rows.length - changed.length, recomputed };
  });
  await loadOfficialCalendar(deps.db);
  return result;
}

/** Removes an entered day; the package's verdict (or Monday–Friday) applies to it again. */
export async function deleteCalendarDay(deps: CalendarDeps, actor: Actor, date: string, confirmOverdue = false): Promise<{ ok: true; recomputed: Recomputed }> {
  const recomputed = await deps.db.transaction(async (tx) => {
    await lockCalendarWrites(tx);
    const [gone] = await tx.delete(officialCalendarDays).where(eq(officialCalendarDays.date, date)).returning();
    if (!gone) throw new AppError("NOT_FOUND", { message: { key: "calendar.dayUnknown", params: { date } } });
    const recompute = await recomputeAfterChange(tx, deps, new Set([date]), confirmOverdue);
    await writeAudit(tx, actor, deps.clock, [
      { action: "calendarDay.delete", entityType: "calendarDay", entityId: date, before: { kind: gone.kind, name: gone.name, sourceNote: gone.sourceNote } },
      ...recompute.audit,
    ]);
    return recompute.recomputed;
  });
  await loadOfficialCalendar(deps.db);
  return { ok: true, recomputed };
}

/**
 * Marks a year's entered calendar complete (checked against the notice), or withdraws the mark.
 * A year the package does not know needs entered days first: an empty year is not a calendar.
 */
export async function completeCalendarYear(
  deps: CalendarDeps,
  actor: Actor,
  year: number,
  body: EndpointBody<typeof calendarContract.completeCalendarYear>,
): Promise<CalendarYearView & { recomputed: Recomputed }> {
  const recomputed = await deps.db.transaction(async (tx): Promise<Recomputed> => {
    await lockCalendarWrites(tx);
    const [was] = await tx.select().from(officialCalendarYears).where(eq(officialCalendarYears.year, year)).for("update");
    if (body.complete) {
      const [n] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(officialCalendarDays)
        .where(sql`${officialCalendarDays.date} BETWEEN ${`${year}-01-01`} AND ${`${year}-12-31`}`);
      if (Number(n?.n ?? 0) === 0) {
        throw new AppError("VALIDATION", { fields: { year: { key: "calendar.yearEmpty", params: { field: "field.year", year } } } });
      }
      const row = { year, note: body.note ?? null, completedBy: actorId(actor), completedAt: deps.clock.now() };
      await tx.insert(officialCalendarYears).values(row).onConflictDoUpdate({ target: officialCalendarYears.year, set: { note: row.note, completedBy: row.completedBy, completedAt: row.completedAt } });
      // The mark changes no day, but it is the city's word that the year is now final: every open
      // deadline touching the year is checked against it (catching any computed with a stale copy).
      const recompute = await recomputeAfterChange(tx, deps, datesOfYear(year), body.confirmOverdue === true);
      await writeAudit(tx, actor, deps.clock, [
        { action: "calendarYear.complete", entityType: "calendarYear", entityId: String(year), before: was ? { note: was.note } : null, after: { note: row.note } },
        ...recompute.audit,
      ]);
      return recompute.recomputed;
    } else if (was) {
      await tx.delete(officialCalendarYears).where(eq(officialCalendarYears.year, year));
      await writeAudit(tx, actor, deps.clock, [
        { action: "calendarYear.reopen", entityType: "calendarYear", entityId: String(year), before: { note: was.note }, after: null },
      ]);
    }
    return { timers: 0, deadlines: 0 };
  });
  return { ...(await calendarYear(deps.db, year)), recomputed };
}

/**
 * Recomputes the pending timers touching `dates` with the calendar as this transaction now stores
 * it; the audit record (how many moved) is returned for the caller's writeAudit, which must come
 * last (recompute.ts: lock order).
 */
async function recomputeAfterChange(
  tx: Db,
  deps: CalendarDeps,
  dates: ReadonlySet<string>,
  confirmOverdue: boolean,
): Promise<{ recomputed: Recomputed; audit: AuditRecord[] }> {
  if (dates.size === 0) return { recomputed: { timers: 0, deadlines: 0 }, audit: [] };
  const { calendar } = await readOfficialCalendar(tx);
  const now = deps.clock.now();
  const r = await recomputeTimers(tx, deps.workflows, dates, { isWorkingDate: calendar.isWorkingDate }, now);
  // Removing a holiday (or entering a 调休 day) can pull open deadlines into the past: their
  // appeals would escalate at the next sweep. A correction may be right, but the admin must
  // know: refused (rolling the change back) until confirmed.
  const overdue = overdueNow(r.moves, now);
  if (overdue > 0 && !confirmOverdue) {
    const ref = { key: "calendar.confirmOverdue", params: { n: overdue } };
    throw new AppError("CONFLICT", { message: ref, fields: { confirmOverdue: { ...ref, params: { ...ref.params, field: "field.confirmOverdue" } } } });
  }
  const sorted = [...dates].sort();
  const first = sorted[0] ?? "";
  const last = sorted[sorted.length - 1] ?? first;
  return {
    recomputed: { timers: r.timers, deadlines: r.deadlines },
    audit: [
      {
        action: "calendar.recompute",
        // The changed dates as an ISO 8601 interval: the record is about the timers, not one day.
        entityType: "workflowTimers",
        entityId: `${first}/${last}`,
        after: { from: first, to: last, dates: sorted.length, examined: r.examined, timers: r.timers, deadlines: r.deadlines },
      },
      ...dueMoveAudits(r.moves, { from: first, to: last }),
    ],
  };
}


/** The years whose calendar is missing now (this year; next year from 60 days before it). */
export async function calendarStatus(deps: CalendarDeps): Promise<{ today: string; packageLastYear: number | null; warnings: CoverageWarning[] }> {
  const calendar = await loadOfficialCalendar(deps.db);
  const today = localDate(deps.clock.now(), deps.timeZone);
  return { today, packageLastYear: chinaHolidayDataRange()?.lastYear ?? null, warnings: coverageWarnings(today, calendar) };
}

/**
 * The same warnings for the appeals queue, from the process's cached calendar (no query on every
 * queue load; another process's write arrives within the cache's refresh).
 */
export function deadlineCoverage(deps: Pick<CalendarDeps, "clock" | "timeZone">): { warnings: (CoverageWarning & { coveredThrough: string })[] } {
  const today = localDate(deps.clock.now(), deps.timeZone);
  return { warnings: coverageWarnings(today, officialCalendar()).map((w) => ({ ...w, coveredThrough: `${w.year - 1}-12-31` })) };
}

function datesOfYear(year: number): Set<string> {
  const out = new Set<string>();
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) out.add(d);
  return out;
}

function isWeekendDate(date: string): boolean {
  const d = weekday(date);
  return d === 0 || d === 6;
}
