import { eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { ratingAssessments } from "../../db/schema/index.js";
import type { AssessmentEvent, AssessmentStatus } from "../../../common/rating.js";
import { DEFAULT_PUBLICITY_DAYS } from "../../../common/rating.js";
import type { ApplyContext, Workflow } from "../../workflow/apply.js";
import { ASSESSMENT_TRANSITIONS, publicityEnd, type AssessmentEntity, type AssessmentInput } from "./assessment-machine.js";

export const ASSESSMENT_WORKFLOW = "fortressAssessment";

interface Row {
  id: string;
  status: AssessmentStatus;
  path: string;
  scheme_id: string;
  org_unit_id: string;
  publicity_days: number | string | null;
  publicity_ends_at: Date | string | null;
  objected_at: Date | string | null;
}

const asDate = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

export async function loadAssessmentEntity(tx: Db, id: string, lock: boolean): Promise<AssessmentEntity | null> {
  const [r] = await queryRows<Row>(
    tx,
    sql`SELECT a.id, a.status, a.path, a.scheme_id, a.org_unit_id, (s.body->>'publicityDays')::int AS publicity_days, a.publicity_ends_at, a.objected_at
        FROM rating_assessments a JOIN rating_schemes s ON s.id = a.scheme_id WHERE a.id = ${id} ${lock ? sql`FOR UPDATE OF a` : sql``}`,
  );
  if (!r) return null;
  return {
    id: r.id, status: r.status, path: r.path, schemeId: r.scheme_id, orgUnitId: r.org_unit_id,
    publicityDays: r.publicity_days === null ? DEFAULT_PUBLICITY_DAYS : Number(r.publicity_days),
    publicityEndsAt: asDate(r.publicity_ends_at), objectedAt: asDate(r.objected_at),
  };
}

async function save(tx: Db, e: AssessmentEntity, to: AssessmentStatus, ctx: ApplyContext<AssessmentStatus, AssessmentEvent, AssessmentInput>): Promise<AssessmentEntity> {
  const { now, input } = ctx;
  const set: Partial<typeof ratingAssessments.$inferInsert> = { status: to, updatedAt: now };
  let next: AssessmentEntity = { ...e, status: to };
  switch (ctx.event) {
    case "approve": {
      const ends = publicityEnd(now, e.publicityDays);
      set.publicityEndsAt = ends;
      next = { ...next, publicityEndsAt: ends };
      if (input.note) set.districtNote = input.note;
      break;
    }
    case "object":
      set.objectionReason = input.reason ?? null;
      set.objectedAt = now;
      next = { ...next, objectedAt: now };
      break;
    case "dismiss":
    case "uphold":
      set.objectionAnswer = input.note ?? null;
      set.objectionUpheld = ctx.event === "uphold";
      set.answeredAt = now;
      break;
    case "review":
    case "returnToVillage":
      if (input.note) set.townNote = input.note;
      break;
    case "returnToTown":
      if (input.note) set.districtNote = input.note;
      break;
    case "submit":
      if (input.note) set.selfNote = input.note;
      break;
    case "finalize":
      break;
    default: {
      const never: never = ctx.event;
      return never;
    }
  }
  if (to === "final") set.finalisedAt = now;
  await tx.update(ratingAssessments).set(set).where(eq(ratingAssessments.id, e.id));
  return next;
}

/** The fortress assessment as a workflow of the shared helper; the sweeper finalises publicity. */
export const assessmentWorkflow: Workflow<AssessmentStatus, AssessmentEvent, AssessmentEntity, AssessmentInput> = {
  name: ASSESSMENT_WORKFLOW,
  entityType: "ratingAssessment",
  transitions: ASSESSMENT_TRANSITIONS,
  load: loadAssessmentEntity,
  save,
  timers(entity) {
    if (entity.status === "publicity" && entity.publicityEndsAt) return [{ kind: "event", event: "finalize", dueAt: entity.publicityEndsAt }];
    return [];
  },
  auditView: (e) => ({ schemeId: e.schemeId, orgUnitId: e.orgUnitId }),
};
