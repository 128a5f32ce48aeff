import type { Db } from "../../db/client.js";
import type { Clock } from "../../platform/clock.js";
import { partyDemoStep } from "../party/demo/party-demo.js";

/** One module's part of the demo data, run after the org tree and accounts exist. */
export interface DemoStep {
  name: string;
  run(deps: { db: Db; clock: Clock; secret: string }, log: (msg: string) => void): Promise<void>;
}

/**
 * Every module's demo step, in order (listed explicitly, like the modules). A step must be
 * deterministic (seeded randomness) so tests and screenshots are reproducible.
 */
export const DEMO_STEPS: DemoStep[] = [partyDemoStep];
