import {
  CADENCE_KINDS,
  MEETING_CADENCE,
  MEETING_TYPES,
  PERIODS_PER_YEAR,
  type Cadence,
  type ComplianceLevel,
  type MeetingType,
  type PartyOrgKind,
} from "../../../common/party.js";

/** A meeting as far as compliance is concerned. */
export interface HeldMeeting {
  type: MeetingType;
  /** YYYY-MM-DD, the business date it was held. */
  heldOn: string;
}

export interface MonthCompliance {
  month: number;
  /** Meetings held in this month, by type. */
  held: Record<MeetingType, number>;
  /** Obligations whose period ends with this month (e.g. March: the quarter's assembly and lecture). */
  expected: number;
  /** Of those, how many periods had at least one meeting of the type. */
  met: number;
  level: ComplianceLevel;
}

export interface TypeCompliance {
  type: MeetingType;
  cadence: Cadence;
  held: number;
  /** Periods of the year that have ended (by `today`). */
  expected: number;
  /** Of those, periods with at least one meeting. */
  met: number;
}

export interface YearCompliance {
  year: number;
  applicable: boolean;
  months: MonthCompliance[];
  types: TypeCompliance[];
  /** met / expected over ended periods; null when nothing was due yet or the cadence does not apply. */
  heldRate: number | null;
}

/** Green needs every obligation met; amber at least half; below that red. */
export const AMBER_FROM = 0.5;

/** 1-based period of a month: the month itself, its quarter, or the one yearly period. */
export function periodOf(cadence: Cadence, month: number): number {
  switch (cadence) {
    case "monthly":
      return month;
    case "quarterly":
      return Math.ceil(month / 3);
    case "yearly":
      return 1;
    default: {
      const never: never = cadence;
      return never;
    }
  }
}

/** The month a period ends in. */
export function periodEndMonth(cadence: Cadence, period: number): number {
  return (12 / PERIODS_PER_YEAR[cadence]) * period;
}

function levelOf(met: number, expected: number): ComplianceLevel {
  if (expected === 0 || met >= expected) return "green";
  return met / expected >= AMBER_FROM ? "amber" : "red";
}

function zeroByType(): Record<MeetingType, number> {
  return Object.fromEntries(MEETING_TYPES.map((t) => [t, 0])) as Record<MeetingType, number>;
}

/**
 * The compliance view of one organisation for one year: per month, the meetings held and the
 * obligations falling due (red/amber/green; months not over yet are `pending` unless already
 * met), and per type, held against expected over the periods that have ended by `today`.
 * The cadence (MEETING_CADENCE) applies to branches and general branches only.
 */
export function yearCompliance(kind: PartyOrgKind, year: number, meetings: readonly HeldMeeting[], today: string): YearCompliance {
  const applicable = CADENCE_KINDS.includes(kind);
  const prefix = `${year}-`;
  // counts[type][period] = meetings held
  const counts = new Map<MeetingType, number[]>(MEETING_TYPES.map((t) => [t, new Array<number>(13).fill(0)]));
  const heldByMonth = Array.from({ length: 13 }, zeroByType);
  for (const m of meetings) {
    if (!m.heldOn.startsWith(prefix)) continue;
    const month = Number(m.heldOn.slice(5, 7));
    heldByMonth[month]![m.type] += 1;
    counts.get(m.type)![periodOf(MEETING_CADENCE[m.type], month)]! += 1;
  }
  const todayYear = Number(today.slice(0, 4));
  const todayMonth = Number(today.slice(5, 7));
  // A month is over once today is in a later month (or a later year).
  const monthOver = (month: number): boolean => todayYear > year || (todayYear === year && todayMonth > month);

  const months: MonthCompliance[] = [];
  for (let month = 1; month <= 12; month++) {
    let expected = 0;
    let met = 0;
    if (applicable) {
      for (const type of MEETING_TYPES) {
        const cadence = MEETING_CADENCE[type];
        const period = periodOf(cadence, month);
        if (periodEndMonth(cadence, period) !== month) continue;
        expected += 1;
        if ((counts.get(type)![period] ?? 0) > 0) met += 1;
      }
    }
    const level: ComplianceLevel = !applicable ? "notApplicable" : monthOver(month) || met >= expected ? levelOf(met, expected) : "pending";
    months.push({ month, held: heldByMonth[month]!, expected, met, level });
  }

  const types: TypeCompliance[] = MEETING_TYPES.map((type) => {
    const cadence = MEETING_CADENCE[type];
    const perType = counts.get(type)!;
    let expected = 0;
    let met = 0;
    let held = 0;
    for (let p = 1; p <= PERIODS_PER_YEAR[cadence]; p++) {
      held += perType[p] ?? 0;
      if (!applicable || !monthOver(periodEndMonth(cadence, p))) continue;
      expected += 1;
      if ((perType[p] ?? 0) > 0) met += 1;
    }
    return { type, cadence, held, expected, met };
  });
  const expected = types.reduce((s, t) => s + t.expected, 0);
  const met = types.reduce((s, t) => s + t.met, 0);
  return { year, applicable, months, types, heldRate: applicable && expected > 0 ? met / expected : null };
}
