/**
 * Reads a year's holiday notice as the city pastes it, one line per day or range:
 *   2027-02-08 放假 春节            (one rest day)
 *   2027-02-08~2027-02-14 放假 春节 (every day of a range, weekends included)
 *   2027-02-06 上班 春节            (a 调休 make-up working day)
 * `holiday` / `workday` are accepted for 放假 / 上班. Pure, so the form shows problems per line.
 */
import type { OfficialDayKind } from "../../../../common/calendar.js";

export interface PastedDay {
  date: string;
  kind: OfficialDayKind;
  name: string;
}

export interface PasteResult {
  days: PastedDay[];
  /** 1-based line numbers that could not be read. */
  badLines: number[];
}

const KINDS: Record<string, OfficialDayKind> = { 放假: "holiday", 休: "holiday", holiday: "holiday", 上班: "workday", 班: "workday", workday: "workday" };
const LINE = /^(\d{4}-\d{2}-\d{2})(?:\s*[~～至-]\s*(\d{4}-\d{2}-\d{2}))?\s+(\S+)\s+(.+)$/;
const MAX_RANGE_DAYS = 31;

export function parseNotice(text: string): PasteResult {
  const days: PastedDay[] = [];
  const badLines: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const m = LINE.exec(line);
    const kind = m ? KINDS[m[3] ?? ""] : undefined;
    const from = m?.[1] ?? "";
    const to = m?.[2] ?? from;
    const name = m?.[4]?.trim() ?? "";
    const span = m ? dayDiff(from, to) : Number.NaN;
    if (!m || !kind || !name || !(span >= 0 && span < MAX_RANGE_DAYS)) {
      badLines.push(i + 1);
      return;
    }
    for (let d = 0; d <= span; d++) days.push({ date: addDays(from, d), kind, name });
  });
  return { days, badLines };
}

function ms(date: string): number {
  const t = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date ? Number.NaN : t;
}

function dayDiff(from: string, to: string): number {
  return (ms(to) - ms(from)) / 86_400_000;
}

function addDays(date: string, n: number): string {
  return new Date(ms(date) + n * 86_400_000).toISOString().slice(0, 10);
}
