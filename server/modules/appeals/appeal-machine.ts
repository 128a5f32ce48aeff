/**
 * The appeal handling workflow as a declared transition table (CONVENTIONS §3) on the shared
 * helper. Pure: who may fire what, from which states, under which guard.
 */
import type { AppealEvent, AppealStatus, HandlingLevel } from "../../../common/appeals.js";
import { APPEAL_STATUSES } from "../../../common/appeals.js";
import { roleHasPermission } from "../../../common/roles.js";
import type { Actor } from "../../platform/actor.js";
import type { Transition, WorkflowEntity } from "../../workflow/machine.js";
import type { WorkflowInput } from "../../workflow/apply.js";
import type { DeadlineRule } from "./deadlines.js";
import { nextLevel } from "./deadlines.js";
import type { DeadlineStage } from "../../../common/appeals.js";

export interface AppealEntity extends WorkflowEntity<AppealStatus> {
  trackingCode: string;
  gridId: string | null;
  handlingUnitId: string;
  handlingLevel: HandlingLevel;
  handlingPath: string;
  categoryName: string;
  scale: string;
  description: string;
  reopens: number;
  escalations: number;
  acceptedAt: Date | null;
  /** When the current state was entered. */
  enteredAt: Date;
  extensionDays: number;
  pendingExtensionId: string | null;
  rules: Partial<Record<DeadlineStage, DeadlineRule>>;
}

/** Event data the guards read: a reason (reject), a target unit (transfer), a resolution text. */
export interface AppealInput extends WorkflowInput {
  data?: { reason?: string; unitId?: string; extensionId?: string } | undefined;
}

type T = Transition<AppealStatus, AppealEvent, AppealEntity, AppealInput>;

/** The actor handles this appeal now: it holds appeal.handle over the handling unit's subtree. */
export function handles(actor: Extract<Actor, { kind: "user" }>, a: AppealEntity): boolean {
  return actor.grants.some((g) => roleHasPermission(g.role, "appeal.handle") && a.handlingPath.startsWith(g.scopePath));
}

/** The actor supervises: it holds appeal.handle strictly above the handling unit (approves extensions). */
export function supervises(actor: Extract<Actor, { kind: "user" }>, a: AppealEntity): boolean {
  return actor.grants.some((g) => roleHasPermission(g.role, "appeal.handle") && a.handlingPath.startsWith(g.scopePath) && g.scopePath !== a.handlingPath);
}

const handler = { by: { permission: "appeal.handle" }, who: handles } as const;
const system = { by: { system: true } } as const;

const reasonRequired: T["guard"] = (_a, input) => (input.data?.reason ? null : { field: "reason", message: { key: "appeal.reasonRequired" } });
const canClimb: T["guard"] = (a) => (nextLevel(a.handlingLevel) ? null : { message: { key: "appeal.topLevel" } });

const OPEN_FOR_ESCALATION: AppealStatus[] = ["submitted", "accepted", "inProgress", "returned", "reopened", "escalated", "dispatched"];
const HANDLING: AppealStatus[] = ["accepted", "inProgress", "returned", "dispatched"];

export const APPEAL_TRANSITIONS: readonly T[] = [
  { from: ["submitted", "escalated", "reopened", "returned"], event: "accept", to: "accepted", ...handler },
  { from: ["accepted"], event: "start", to: "inProgress", ...handler },
  {
    from: ["accepted", "inProgress", "dispatched", "returned"],
    event: "resolve",
    to: "resolved",
    ...handler,
    guard: (_a, input) => (input.note ? null : { field: "note", message: { key: "appeal.resolutionRequired" } }),
  },
  { from: ["resolved"], event: "confirm", to: "closed", ...system },
  { from: ["resolved"], event: "autoClose", to: "closed", ...system },
  {
    from: ["resolved", "closed"],
    event: "reopen",
    to: "reopened",
    ...system,
    guard: (a) => (a.reopens < 1 ? null : { message: { key: "appeal.reopenOnce" } }),
  },
  { from: ["resolved"], event: "return", to: "returned", ...handler, guard: reasonRequired },
  // On timeout the sweeper climbs one rung; a handler may also pass it up by hand.
  { from: OPEN_FOR_ESCALATION, event: "escalate", to: "escalated", ...system, guard: canClimb, restartTimers: true },
  { from: OPEN_FOR_ESCALATION, event: "escalate", to: "escalated", ...handler, guard: canClimb, restartTimers: true },
  { from: ["accepted", "inProgress", "escalated"], event: "dispatch", to: "dispatched", by: { permission: "appeal.dispatch" }, who: handles },
  { from: ["submitted", "escalated", "reopened"], event: "reject", to: "rejected", ...handler, guard: reasonRequired },
  {
    from: ["submitted", "escalated", "accepted", "returned", "reopened"],
    event: "transfer",
    to: "submitted",
    ...handler,
    guard: (_a, input) => (input.data?.unitId ? null : { field: "unitId", message: { key: "appeal.unitRequired" } }),
    restartTimers: true,
  },
  // An approved extension keeps the state and moves its deadline (one row per state: `to` is fixed).
  ...HANDLING.map(
    (s): T => ({
      from: [s],
      event: "extend",
      to: s,
      by: { permission: "appeal.handle" },
      who: supervises,
      guard: (a) => (a.pendingExtensionId ? null : { message: { key: "appeal.noPendingExtension" } }),
      restartTimers: true,
    }),
  ),
];

export const APPEAL_STATES = APPEAL_STATUSES;
