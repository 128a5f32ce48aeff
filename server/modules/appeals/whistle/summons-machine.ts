/**
 * 部门报到 as a declared transition table (CONVENTIONS §3) on the shared workflow helper. One
 * entity per summoned department: it checks in (late check-ins allowed from `overdue`), reports
 * back, and the town rates it. Pure: who may fire what, from which states, under which guard.
 */
import { roleHasPermission } from "../../../../common/roles.js";
import { SUMMONS_STATUSES, type SummonsEvent, type SummonsStatus, type WhistleKind } from "../../../../common/whistle.js";
import type { Actor } from "../../../platform/actor.js";
import type { WorkflowInput } from "../../../workflow/apply.js";
import type { TimerSpec, Transition, WorkflowEntity } from "../../../workflow/machine.js";
import type { TimerBasisRule } from "../../../workflow/timer-basis.js";

export interface SummonsEntity extends WorkflowEntity<SummonsStatus> {
  whistleId: string;
  townId: string;
  kind: WhistleKind;
  title: string;
  departmentId: string;
  departmentName: string;
  /** The org unit that owns the department (a town or the district above it). */
  departmentUnitId: string;
  lead: boolean;
  createdAt: Date;
  checkInDueAt: Date;
  doneDueAt: Date;
  /** The rules the default deadlines came from (both from `createdAt`); absent: set by the town. */
  checkInRule?: TimerBasisRule | null;
  doneRule?: TimerBasisRule | null;
}

export interface SummonsInput extends WorkflowInput {
  data?: { rating?: number; reason?: string } | undefined;
}

type T = Transition<SummonsStatus, SummonsEvent, SummonsEntity, SummonsInput>;

/** The actor is staff of exactly this summoned department (a grant naming the department). */
export function staffOf(actor: Extract<Actor, { kind: "user" }>, s: SummonsEntity): boolean {
  return actor.grants.some((g) => g.departmentId === s.departmentId && roleHasPermission(g.role, "dispatch.respond"));
}

const department = { by: { permission: "dispatch.respond" }, who: staffOf } as const;
const town = { by: { permission: "appeal.dispatch" } } as const;

export const SUMMONS_TRANSITIONS: readonly T[] = [
  { from: ["summoned", "overdue"], event: "checkIn", to: "checkedIn", ...department },
  // The check-in deadline passed: the sweeper marks it and tells the town and the level above.
  { from: ["summoned"], event: "miss", to: "overdue", by: { system: true } },
  {
    from: ["checkedIn"],
    event: "report",
    to: "reported",
    ...department,
    guard: (_s, input) => (input.note?.trim() ? null : { field: "note", message: { key: "whistle.reportRequired" } }),
  },
  {
    from: ["reported"],
    event: "rate",
    to: "rated",
    ...town,
    guard: (_s, input) => {
      const r = input.data?.rating;
      return typeof r === "number" && Number.isInteger(r) && r >= 1 && r <= 5 ? null : { field: "rating", message: { key: "whistle.badRating" } };
    },
  },
  {
    from: ["summoned", "overdue", "checkedIn"],
    event: "cancel",
    to: "cancelled",
    ...town,
    guard: (_s, input) => (input.data?.reason?.trim() ? null : { field: "reason", message: { key: "whistle.reasonRequired" } }),
  },
];

export const SUMMONS_STATES = SUMMONS_STATUSES;

/** The yellow warning fires when two thirds of the check-in time has passed. */
export const CHECK_IN_YELLOW_PERCENT = 67;

/** Timers on entering a state: check-in warnings and the miss, then the done-by warning. */
export function summonsTimers(s: SummonsEntity, enteredAt: Date): TimerSpec<SummonsEvent>[] {
  if (s.status === "summoned") {
    const span = s.checkInDueAt.getTime() - enteredAt.getTime();
    // A summons enters `summoned` only when blown (enteredAt = createdAt), so the warning is the
    // rule's share of the span and recomputes like any other.
    const basis = s.checkInRule ? { start: s.createdAt, end: s.checkInDueAt, rule: s.checkInRule } : null;
    return [
      {
        kind: "notify",
        level: "yellow",
        dueAt: new Date(enteredAt.getTime() + Math.max(0, Math.round((span * CHECK_IN_YELLOW_PERCENT) / 100))),
        ...(basis ? { basis: { ...basis, rule: { ...basis.rule, sharePercent: CHECK_IN_YELLOW_PERCENT } } } : {}),
      },
      { kind: "event", event: "miss", dueAt: s.checkInDueAt, ...(basis ? { basis } : {}) },
    ];
  }
  if (s.status === "checkedIn") {
    return [{ kind: "notify", level: "red", dueAt: s.doneDueAt, ...(s.doneRule ? { basis: { start: s.createdAt, end: s.doneDueAt, rule: s.doneRule } } : {}) }];
  }
  return [];
}
