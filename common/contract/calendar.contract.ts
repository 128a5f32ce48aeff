/**
 * The official holiday calendar the city keeps (migration 0039): the year view (package and
 * entered days merged, each with its source), entering a notice's days in one go, deleting a
 * day, marking a year complete, and the coverage status. City-wide: `calendar.manage` only.
 */
import { z } from "zod";
import { endpoint } from "./endpoint.js";
import { okResponse, queryBoolean } from "./shared.js";
import { DAY_SOURCES, OFFICIAL_DAY_KINDS, YEAR_COVERAGES } from "../calendar.js";

const calendarDate = z.iso.date({ message: "calendar.badDate" });
const calendarYear = z.coerce.number({ message: "calendar.badYear" }).int({ message: "calendar.badYear" }).min(2000, { message: "calendar.badYear" }).max(2100, { message: "calendar.badYear" });
export const officialDayKind = z.enum(OFFICIAL_DAY_KINDS, { message: "calendar.badKind" });
export const yearCoverage = z.enum(YEAR_COVERAGES);

export const calendarDayView = z.object({
  date: z.string(),
  working: z.boolean(),
  kind: officialDayKind.nullable(),
  name: z.string().nullable(),
  source: z.enum(DAY_SOURCES),
  /** Entered days only: the notice it comes from, and the package's verdict it replaces. */
  sourceNote: z.string().nullable(),
  packageWorking: z.boolean().nullable(),
  updatedAt: z.string().nullable(),
});
export type CalendarDayView = z.infer<typeof calendarDayView>;

export const coverageWarning = z.object({ year: z.number().int(), coverage: yearCoverage, startsInDays: z.number().int() });

/** What a calendar change did to open deadlines: pending timers moved, and entities' displayed due times. */
export const recomputedSummary = z.object({ timers: z.number().int(), deadlines: z.number().int() });

export const calendarYearView = z.object({
  year: z.number().int(),
  coverage: yearCoverage,
  /** The notice's days: holidays, 调休 working days and named days; ordinary days are left out. */
  days: z.array(calendarDayView),
  completedAt: z.string().nullable(),
  completeNote: z.string().nullable(),
});
export type CalendarYearView = z.infer<typeof calendarYearView>;

export const getCalendarYear = endpoint({
  method: "GET",
  path: "/api/v1/calendar/years/:year",
  summary: "A year's official calendar: the package's days and the city's entered ones merged, each with its source",
  tags: ["calendar"],
  access: { permission: "calendar.manage" },
  params: z.object({ year: calendarYear }),
  response: calendarYearView,
});

const dayInput = z.object({
  date: calendarDate,
  kind: officialDayKind,
  name: z.string({ message: "calendar.nameRequired" }).trim().min(1, { message: "calendar.nameRequired" }).max(20),
  sourceNote: z.string().trim().max(100).optional(),
});

export const saveCalendarDays = endpoint({
  method: "PUT",
  path: "/api/v1/calendar/days",
  summary: "Enter or correct official days, usually a whole year's State Council notice pasted in one go (all or nothing)",
  tags: ["calendar"],
  access: { permission: "calendar.manage" },
  body: z.object({
    days: z.array(dayInput).min(1, { message: "calendar.noDays" }).max(400),
    /** Applied to every day that does not carry its own, e.g. 国办发明电〔2026〕N号. */
    sourceNote: z.string().trim().max(100).optional(),
    /** Save even though open deadlines move into the past (refused with CONFLICT on this field otherwise). */
    confirmOverdue: z.boolean().optional(),
  }),
  response: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), recomputed: recomputedSummary }),
});

export const deleteCalendarDay = endpoint({
  method: "DELETE",
  path: "/api/v1/calendar/days/:date",
  summary: "Remove an entered day (the package's verdict, or Monday–Friday, applies again)",
  tags: ["calendar"],
  access: { permission: "calendar.manage" },
  params: z.object({ date: calendarDate }),
  query: z.object({ confirmOverdue: queryBoolean.optional() }),
  response: okResponse.extend({ recomputed: recomputedSummary }),
});

export const completeCalendarYear = endpoint({
  method: "PUT",
  path: "/api/v1/calendar/years/:year/complete",
  summary: "Mark a year's entered calendar as complete and checked (or withdraw that mark)",
  tags: ["calendar"],
  access: { permission: "calendar.manage" },
  params: z.object({ year: calendarYear }),
  body: z.object({ complete: z.boolean(), note: z.string().trim().max(200).optional(), confirmOverdue: z.boolean().optional() }),
  response: calendarYearView.extend({ recomputed: recomputedSummary }),
});

export const calendarStatus = endpoint({
  method: "GET",
  path: "/api/v1/calendar/status",
  summary: "Years whose calendar is missing now: this year, and next year from 60 days before it starts",
  tags: ["calendar"],
  access: { permission: "calendar.manage" },
  response: z.object({
    today: z.string(),
    packageLastYear: z.number().int().nullable(),
    warnings: z.array(coverageWarning),
  }),
});

export const deadlineCoverage = endpoint({
  method: "GET",
  path: "/api/v1/calendar/deadline-coverage",
  summary: "For whoever sees appeal deadlines: the years now counted Monday–Friday because their holidays are not entered yet",
  tags: ["calendar"],
  access: { permission: "appeal.read" },
  response: z.object({
    warnings: z.array(
      coverageWarning.extend({
        /** The last date counted with a real calendar: deadlines after it are counted Monday–Friday. */
        coveredThrough: z.string(),
      }),
    ),
  }),
});
