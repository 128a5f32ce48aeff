import type { Db } from "../../db/client.js";
import type { Clock } from "../../platform/clock.js";
import type { Role } from "../../../common/roles.js";
import { partyDemoStep } from "../party/demo/party-demo.js";
import { ratingDemoStep } from "../rating/demo/rating-demo.js";
import { appealsDemoStep } from "../appeals/demo/appeals-demo.js";
import { whistleDemoStep } from "../appeals/whistle/whistle-demo.js";
import { branchScoresDemoStep } from "../rating/demo/branch-scores-demo.js";
import { demoAppealsStep } from "../appeals/demo/demo-appeals-play.js";

/** An account a demo step created, listed on the sign-in page. */
export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  scopeName: string;
}

/** One module's part of the demo data, run after the org tree and accounts exist. */
export interface DemoStep {
  name: string;
  /** Returns the accounts it created (grid workers, department staff …), if any. */
  run(deps: { db: Db; clock: Clock; secret: string }, log: (msg: string) => void): Promise<DemoAccount[] | void>;
  /**
   * The tables the step fills, ANALYZEd once when it ends: PGlite runs no autovacuum, so without
   * it the planner reads thousands of rows as empty tables (a village query once took 700 ms).
   */
  analyze?: readonly string[];
}

/**
 * Every module's demo step, in order (listed explicitly, like the modules). A step must be
 * deterministic (seeded randomness) so tests and screenshots are reproducible.
 */
export const DEMO_STEPS: DemoStep[] = [
  partyDemoStep, // analyzes its own tables (party_orgs, members, attendance_rosters, meetings)
  { ...appealsDemoStep, analyze: ["org_units", "grids", "grid_workers", "users", "role_grants"] },
  { ...whistleDemoStep, analyze: ["departments", "whistle_auto_departments", "users", "role_grants"] },
  { ...demoAppealsStep, analyze: ["appeals", "workflow_history", "workflow_timers", "notifications", "whistles", "whistle_summons", "audit_log"] },
  { ...ratingDemoStep, analyze: ["rating_schemes", "rating_assessments", "village_categories", "rating_results"] },
  { ...branchScoresDemoStep, analyze: ["member_branch_scores", "member_star_ledger"] },
];
