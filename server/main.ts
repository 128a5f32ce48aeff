import type { FastifyInstance } from "fastify";
import { buildApp } from "./app.js";
import { loadConfig, type Config } from "./config.js";
import { openDatabase, type DbHandle } from "./db/client.js";
import { migrate } from "./db/migrate.js";
import { systemClock } from "./platform/clock.js";
import { isEmpty, seedDemo } from "./modules/demo/demo.service.js";
import { VERSION } from "./version.js";
import { startSweeper } from "./workflow/sweeper.js";
import { orphanUploadsTask } from "./platform/orphan-uploads.js";
import { moduleWorkflows } from "./modules/index.js";
import { startOutbox } from "./modules/appeals/outbox.js";
import { httpNotifier } from "./modules/appeals/notifier.js";
import { appealsCipher } from "./modules/appeals/appeals-deps.js";
import { calendarRefreshTask, loadOfficialCalendar } from "./modules/calendar/calendar-cache.js";
import { appealWorkflow } from "./modules/appeals/appeal-workflow.js";
import { backfillAppealTimerBasis } from "./modules/appeals/timer-backfill.js";

export interface Running {
  app: FastifyInstance;
  handle: DbHandle;
  stop(): Promise<void>;
}

/** loadConfig → open database → migrate → demo seed (first start only) → buildApp → listen. */
export async function start(config: Config = loadConfig()): Promise<Running> {
  const t0 = performance.now();
  const log = (msg: string): void => console.log(`[zhenxing] ${msg}`);
  const handle = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    const applied = await migrate(handle, log);
    if (applied.length) log(`migrations applied: ${applied.join(", ")}`);
    // The city's entered holidays, before any deadline is counted (the demo seed counts some).
    await loadOfficialCalendar(handle.db);
    if (config.demo && (await isEmpty(handle.db))) {
      log("empty database: loading the Shantou demo data");
      await seedDemo({ db: handle.db, clock: systemClock, secret: config.secret }, log);
    }
    // Open appeal deadlines from before migration 0041 get the basis a calendar change recomputes from.
    const backfill = await backfillAppealTimerBasis(handle.db, appealWorkflow({ timeZone: config.timeZone }));
    if (backfill.examined) log(`deadline timers without a basis: ${backfill.examined}, given one: ${backfill.attached}`);
    const app = await buildApp({
      db: handle.db,
      dbKind: handle.kind,
      config,
      clock: systemClock,
      version: VERSION,
      serveWeb: true,
      logger: true,
    });
    const address = await app.listen({ port: config.port, host: config.host });
    // Every process runs the deadline sweeper; SKIP LOCKED makes that safe (scale-out).
    // …and, hourly, deletes upload files a crash left without their row (orphan-uploads.ts).
    const orphans = orphanUploadsTask({ db: handle.db, clock: systemClock, uploadsDir: config.uploadsDir, log });
    // …and reloads the entered calendar about once a minute, so other processes' writes arrive
    // (and the timers this process computed with its stale copy meanwhile are recomputed).
    const workflows = moduleWorkflows({ config });
    const calendarRefresh = calendarRefreshTask({ db: handle.db, clock: systemClock }, workflows);
    const stopSweeper = startSweeper({ db: handle.db, clock: systemClock }, workflows, config.sweepIntervalMs, [orphans, calendarRefresh]);
    // Appeal notifications to WeCom / DingTalk / webhooks: delivered with retry, in every process (SKIP LOCKED).
    const stopOutbox = startOutbox({ db: handle.db, clock: systemClock, pii: appealsCipher(config.secret) }, httpNotifier());
    log(`serving on ${address} (${handle.kind}) in ${Math.round(performance.now() - t0)} ms`);
    let stopped = false;
    const stop = async (): Promise<void> => {
      if (stopped) return;
      stopped = true;
      await stopSweeper();
      await stopOutbox();
      await app.close();
      await handle.close();
    };
    return { app, handle, stop };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
