import { defineConfig } from "vitest/config";

/**
 * Projects:
 *  - unit:     pure code (*.test.ts), milliseconds each
 *  - pglite:   service and HTTP tests (*.db.test.ts) on embedded PGlite, golden image per file
 *  - postgres: the same files on a PostgreSQL server, only when TEST_DATABASE_URL is set
 *  - e2e:      Chromium via playwright-core, only with ZX_E2E=1 (npm run test:e2e)
 */
const dbFiles = ["{server,common,test}/**/*.db.test.ts"];
const pg = process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    env: { TZ: "UTC" },
    projects: [
      {
        test: {
          name: "unit",
          include: ["{server,common,web,bench,scripts}/**/*.test.ts"],
          exclude: ["**/*.db.test.ts", "**/node_modules/**"],
          env: { TZ: "UTC" },
        },
      },
      {
        test: {
          name: "pglite",
          include: dbFiles,
          globalSetup: ["test/global-setup.ts"],
          env: { TZ: "UTC", ZX_TEST_DB: "pglite" },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      ...(pg
        ? [
            {
              test: {
                name: "postgres",
                include: dbFiles,
                globalSetup: ["test/global-setup.ts"],
                env: { TZ: "UTC", ZX_TEST_DB: "postgres" },
                testTimeout: 60_000,
                hookTimeout: 120_000,
              },
            },
          ]
        : []),
      ...(process.env.ZX_E2E === "1" ? [{
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.e2e.ts"],
          env: { TZ: "UTC" },
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // expect.poll waits 1 s by default: a rotate + refetch took longer on a loaded CI machine
          // (stop 9's CI failed there). Match the 15 s the browser contexts give every locator.
          expect: { poll: { timeout: 15_000, interval: 100 } },
        },
      }] : []),
    ],
  },
});
