import { z } from "zod";
import { endpoint, fileDownload } from "./endpoint.js";
import { idParam } from "./shared.js";
import { assessmentDetail, yearParam } from "./rating.contract.js";

/**
 * The rating programmes' inputs that no other record supplies: evidence files of a village's
 * self-assessment, and the branch's scores of its members for the member star indicators that
 * only the branch can judge (dues, commitment, job performance …).
 */

const evidenceParams = z.object({ id: z.uuid(), fileId: z.uuid() });

export const uploadEvidence = endpoint({
  method: "POST",
  path: "/api/v1/rating/assessments/:id/evidence",
  summary: "Attach an evidence file to one indicator of a self-assessment (multipart: field `indicator`, then `file`: PDF, image, Word or Excel, ≤ 10 MB)",
  tags: ["rating"],
  access: { permission: "rating.selfAssess" },
  params: idParam,
  consumes: "multipart",
  response: assessmentDetail,
  status: 201,
});

export const downloadEvidence = endpoint({
  method: "GET",
  path: "/api/v1/rating/assessments/:id/evidence/:fileId",
  summary: "Download one evidence file (the village, and the town and district that score it)",
  tags: ["rating"],
  access: { permission: "rating.read" },
  params: evidenceParams,
  produces: "file",
  response: fileDownload,
});

export const deleteEvidence = endpoint({
  method: "DELETE",
  path: "/api/v1/rating/assessments/:id/evidence/:fileId",
  summary: "Remove an evidence file while the village is still assessing itself",
  tags: ["rating"],
  access: { permission: "rating.selfAssess" },
  params: evidenceParams,
  response: assessmentDetail,
});

const yearQuery = z.object({ year: yearParam });

export const branchScoreIndicator = z.object({
  code: z.string(),
  name: z.string(),
  method: z.string(),
  /** The highest score the branch may give (1 for a yes/no indicator). */
  max: z.number(),
  /** Members of these categories are not rated on it (e.g. mobile members). */
  exemptCategories: z.array(z.string()),
});

export const memberScoresView = z.object({
  partyOrgId: z.uuid(),
  partyOrgName: z.string(),
  year: z.number().int(),
  /** The governing member-star scheme, or null when none is published for the year. */
  schemeId: z.uuid().nullable(),
  indicators: z.array(branchScoreIndicator),
  members: z.array(
    z.object({
      memberId: z.uuid(),
      name: z.string(),
      category: z.string(),
      scores: z.record(z.string(), z.number()),
      /**
       * Stored scores above the max of the version that governs now (a later version lowered
       * it), by indicator: they count capped at `max` and the screen asks for a review.
       */
      overMax: z.record(z.string(), z.object({ overMax: z.literal(true), max: z.number() })),
    }),
  ),
  canEdit: z.boolean(),
});
export type MemberScoresView = z.infer<typeof memberScoresView>;

export const getMemberScores = endpoint({
  method: "GET",
  path: "/api/v1/rating/party-orgs/:id/member-scores",
  summary: "The branch-scored member star indicators of a party organisation's members for a year",
  tags: ["rating"],
  access: { permission: "party.read" },
  params: idParam,
  query: yearQuery,
  response: memberScoresView,
});

export const setMemberScores = endpoint({
  method: "PUT",
  path: "/api/v1/rating/party-orgs/:id/member-scores",
  summary: "Enter the branch's scores (each ≤ the indicator's max; a null removes a score)",
  tags: ["rating"],
  access: { permission: "party.manage" },
  params: idParam,
  body: z
    .object({
      year: z.number().int().min(2000).max(2100),
      scores: z
        .array(z.object({ memberId: z.uuid(), indicator: z.string().min(1).max(64), score: z.number().min(0).max(10_000).nullable() }))
        .min(1)
        .max(5000),
    })
    .strict(),
  response: memberScoresView,
});
