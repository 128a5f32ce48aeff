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
}

/**
 * Every module's demo step, in order (listed explicitly, like the modules). A step must be
 * deterministic (seeded randomness) so tests and screenshots are reproducible.
 */
export const DEMO_STEPS: DemoStep[] = [partyDemoStep, appealsDemoStep, whistleDemoStep, demoAppealsStep, ratingDemoStep, branchScoresDemoStep];
