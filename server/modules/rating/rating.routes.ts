import type { FastifyInstance, FastifyRequest } from "fastify";
import { allocation, rating, ratingInputs, ratingResults } from "../../../common/contract/index.js";
import { pickLocale } from "../../../common/i18n/index.js";
import type { AppDeps } from "../../app.js";
import { registerEndpoint } from "../../platform/http.js";
import type { MetricProvider } from "../../platform/metrics.js";
import * as alloc from "./allocation.service.js";
import * as assessments from "./assessments.service.js";
import * as categories from "./categories.service.js";
import { registerEvidenceRoutes } from "./evidence.routes.js";
import * as jobs from "./rating-jobs.service.js";
import * as memberStars from "./member-stars.service.js";
import * as memberScores from "./member-scores.service.js";
import { ratingDeps } from "./rating-deps.js";
import * as results from "./results.service.js";
import { publicSchemes } from "./public-rating.service.js";
import * as schemes from "./schemes.service.js";
import * as village from "./village-rating.service.js";

const locale = (req: FastifyRequest) => pickLocale(req.headers["accept-language"]);

/** Ratings: schemes, categories, the assessment workflow, rating jobs, results, member stars and allocation. */
export function registerRatingRoutes(app: FastifyInstance, appDeps: AppDeps, providers: readonly MetricProvider[]): void {
  const deps = ratingDeps(appDeps, providers);
  registerEndpoint(app, rating.listSchemes, ({ actor, query }) => schemes.listSchemes(deps, actor, query));
  registerEndpoint(app, rating.getScheme, ({ actor, params }) => schemes.getScheme(deps, actor, params.id));
  registerEndpoint(app, rating.createScheme, ({ actor, body }) => schemes.createScheme(deps, actor, body));
  registerEndpoint(app, rating.updateScheme, ({ actor, params, body }) => schemes.updateScheme(deps, actor, params.id, body.body));
  registerEndpoint(app, rating.publishScheme, ({ actor, params }) => schemes.publishScheme(deps, actor, params.id));
  registerEndpoint(app, rating.archiveScheme, ({ actor, params }) => schemes.archiveScheme(deps, actor, params.id));
  registerEndpoint(app, rating.newSchemeVersion, ({ actor, params }) => schemes.newSchemeVersion(deps, actor, params.id));
  registerEndpoint(app, rating.previewScheme, ({ actor, params, body, req }) => village.previewScheme(deps, actor, params.id, body.orgUnitId, locale(req)));
  registerEndpoint(app, rating.listMetrics, async () => schemes.listMetrics(deps));

  registerEndpoint(app, rating.listCategories, ({ actor, query }) => categories.listCategories(deps, actor, query));
  registerEndpoint(app, rating.setCategories, ({ actor, body }) => categories.setCategories(deps, actor, body));

  registerEndpoint(app, rating.openAssessments, ({ actor, params, body }) => assessments.openAssessments(deps, actor, params.id, body.orgUnitId));
  registerEndpoint(app, rating.listAssessments, ({ actor, query }) => assessments.listAssessments(deps, actor, query));
  registerEndpoint(app, rating.workQueue, ({ actor }) => assessments.workQueue(deps, actor));
  registerEndpoint(app, rating.getAssessment, ({ actor, params }) => assessments.getAssessment(deps, actor, params.id));
  registerEndpoint(app, rating.saveScores, ({ actor, params, body }) => assessments.saveScores(deps, actor, params.id, body));
  registerEndpoint(app, rating.transitionAssessment, ({ actor, params, body }) => assessments.transitionAssessment(deps, actor, params.id, body));
  registerEvidenceRoutes(app, appDeps);

  registerEndpoint(app, ratingResults.startRatingJob, ({ actor, body }) => jobs.startRatingJob(deps, actor, body));
  registerEndpoint(app, ratingResults.getRatingJob, ({ actor, params }) => jobs.getRatingJob(deps, actor, params.id));
  registerEndpoint(app, ratingResults.resultsSummary, ({ actor, query }) => results.resultsSummary(deps, actor, query));
  registerEndpoint(app, ratingResults.listResults, ({ actor, query }) => results.listResults(deps, actor, query));
  registerEndpoint(app, ratingResults.rectificationList, ({ actor, query }) => results.rectificationList(deps, actor, query));
  registerEndpoint(app, ratingResults.villageRating, ({ actor, params, query, req }) => village.villageRating(deps, actor, params.id, query, locale(req)));
  registerEndpoint(app, ratingResults.publicStarList, ({ params, query }) => village.publicStarList(deps, params.id, query.orgUnitId), { rateLimit: { max: 60, timeWindow: 60_000 } });
  registerEndpoint(app, ratingResults.publicSchemes, () => publicSchemes(deps), { rateLimit: { max: 60, timeWindow: 60_000 } });
  registerEndpoint(app, ratingResults.addLedgerEntry, ({ actor, params, body }) => memberStars.addLedgerEntry(deps, actor, params.id, body));
  registerEndpoint(app, ratingResults.memberStarCard, ({ actor, params, query, req }) => memberStars.memberStarCard(deps, actor, params.id, query.year, locale(req)));
  registerEndpoint(app, ratingResults.myStarCard, ({ actor, query, req }) => memberStars.myStarCard(deps, actor, query.year, locale(req)));
  registerEndpoint(app, ratingResults.linkMemberAccount, ({ actor, params, body }) => memberStars.linkMemberAccount(deps, actor, params.id, body.userId));
  registerEndpoint(app, ratingInputs.getMemberScores, ({ actor, params, query }) => memberScores.getMemberScores(deps, actor, params.id, query.year));
  registerEndpoint(app, ratingInputs.setMemberScores, ({ actor, params, body }) => memberScores.setMemberScores(deps, actor, params.id, body));
  registerEndpoint(app, ratingResults.setReviewGrades, ({ actor, body }) => memberStars.setReviewGrades(deps, actor, body));

  registerEndpoint(app, allocation.listPlans, ({ actor, query }) => alloc.listPlans(deps, actor, query));
  registerEndpoint(app, allocation.createPlan, ({ actor, body }) => alloc.createPlan(deps, actor, body));
  registerEndpoint(app, allocation.getPlan, ({ actor, params }) => alloc.getPlan(deps, actor, params.id));
  registerEndpoint(app, allocation.updatePlan, ({ actor, params, body }) => alloc.updatePlan(deps, actor, params.id, body));
  registerEndpoint(app, allocation.approvePlan, ({ actor, params }) => alloc.approvePlan(deps, actor, params.id));
  registerEndpoint(app, allocation.exportPlan, ({ actor, params }) => alloc.exportPlan(deps, actor, params.id));
}
