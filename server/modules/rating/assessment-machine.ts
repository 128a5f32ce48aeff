import type { AssessmentEvent, AssessmentStatus } from "../../../common/rating.js";
import type { Transition, WorkflowEntity } from "../../workflow/machine.js";
import type { WorkflowInput } from "../../workflow/apply.js";

/** What the transition table needs to know about an assessment. */
export interface AssessmentEntity extends WorkflowEntity<AssessmentStatus> {
  schemeId: string;
  orgUnitId: string;
  publicityDays: number;
  publicityEndsAt: Date | null;
  objectedAt: Date | null;
}

export interface AssessmentInput extends WorkflowInput {
  /** Reasons of an objection. */
  reason?: string | undefined;
}

const needsNote = (field: "note" | "reason") => (_e: AssessmentEntity, input: AssessmentInput) => {
  const text = field === "note" ? input.note : input.reason;
  return text && text.trim().length > 0 ? null : { field, message: { key: "rating.assessment.reasonRequired" } };
};

/**
 * The yearly assessment of a village (PRACTICE §3.1 procedure): the village assesses itself with
 * evidence, the town reviews, the district approves; the result is publicised (default 5 days,
 * a timer finalises it); during publicity the village may object once, with reasons, and the town
 * answers — dismissed → final, upheld → back to the town's review (and on through approval and a
 * new publicity, without a second objection).
 */
export const ASSESSMENT_TRANSITIONS: readonly Transition<AssessmentStatus, AssessmentEvent, AssessmentEntity, AssessmentInput>[] = [
  { from: ["selfAssess"], event: "submit", to: "townReview", by: { permission: "rating.selfAssess" } },
  { from: ["townReview"], event: "review", to: "districtApproval", by: { permission: "rating.review" } },
  { from: ["townReview"], event: "returnToVillage", to: "selfAssess", by: { permission: "rating.review" }, guard: needsNote("note") },
  { from: ["districtApproval"], event: "approve", to: "publicity", by: { permission: "rating.approve" } },
  { from: ["districtApproval"], event: "returnToTown", to: "townReview", by: { permission: "rating.approve" }, guard: needsNote("note") },
  {
    from: ["publicity"],
    event: "object",
    to: "objection",
    by: { permission: "rating.selfAssess" },
    guard: (e, input, now) => {
      // The sweeper may not have finalised yet: the window is the time, not the state.
      if (e.publicityEndsAt && now.getTime() >= e.publicityEndsAt.getTime()) return { message: { key: "rating.assessment.objectionClosed" } };
      if (e.objectedAt) return { message: { key: "rating.assessment.objectionOnce" } };
      return needsNote("reason")(e, input);
    },
  },
  { from: ["objection"], event: "dismiss", to: "final", by: { permission: "rating.review" }, guard: needsNote("note") },
  { from: ["objection"], event: "uphold", to: "townReview", by: { permission: "rating.review" }, guard: needsNote("note") },
  { from: ["publicity"], event: "finalize", to: "final", by: { system: true } },
];

/** The end of publicity: `days` whole days after it starts. */
export function publicityEnd(start: Date, days: number): Date {
  return new Date(start.getTime() + days * 86_400_000);
}
