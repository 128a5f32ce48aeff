import { parseArgs } from "node:util";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { loadConfig, ConfigError, type Config } from "./config.js";
import { openDatabase, type DbHandle } from "./db/client.js";
import { DataDirLockedError } from "./db/lock.js";
import { migrate } from "./db/migrate.js";
import { systemActor } from "./platform/actor.js";
import { verifyAuditChain } from "./platform/audit.js";
import { systemClock } from "./platform/clock.js";
import { AppError } from "./platform/errors.js";
import { translate, pickLocale } from "../common/i18n/index.js";
import { ROLES, type Role } from "../common/roles.js";
import { users } from "../common/contract/index.js";
import { issuesToFields } from "./platform/validation.js";
import type { z } from "zod";
import { builtInDivisions, parseDivisionCsv } from "./modules/org/division-source.js";
import { isValidPrefix, normaliseUserCode } from "./modules/org/divisions.js";
import { importDivisions } from "./modules/org/import.service.js";
import * as orgRepo from "./modules/org/org.repo.js";
import { createUser } from "./modules/users/users.service.js";
import { isEmpty, seedDemo } from "./modules/demo/demo.service.js";
import { start } from "./main.js";
import { localFileStore } from "./platform/files.js";
import { importMembersCli } from "./modules/party/import/import-cli.js";

const USAGE = `zhenxing <command>

  start                                   run the server (default)
  migrate                                 apply database migrations
  import-divisions --code <prefix> [--file <csv>]
                                          load division codes (2/4/6/9/12-digit prefix);
                                          Guangdong is built in, elsewhere pass an NBS CSV
  user create --username <u> --role <role> --scope <division code> [--name <display name>]
                                          create an account; the password is read from
                                          --password, ZHENXING_PASSWORD or a prompt
  import-members <file.xlsx> --org <division code> [--mode validRows] [--errors <out.xlsx>]
                                          import a member roster into a unit's subtree (all or
                                          nothing unless --mode validRows); bad rows go to an
                                          error workbook beside the file
  audit verify                            check the audit log's hash chain
  seed-demo                               load the Shantou demo data into an empty database

Configuration comes from the environment (PORT, HOST, DATA_DIR, DATABASE_URL, ZHENXING_SECRET …),
exactly as for the server.`;

const locale = pickLocale(process.env.LANG?.startsWith("en") ? "en" : "zh-CN");

class UsageError extends Error {}

function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError("VALIDATION", { fields: issuesToFields(result.error.issues, value) });
  return result.data;
}

async function withDb<T>(config: Config, fn: (h: DbHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    await migrate(handle);
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

async function readPassword(given: string | undefined): Promise<string> {
  if (given) return given;
  if (process.env.ZHENXING_PASSWORD) return process.env.ZHENXING_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) {
    process.stdout.write("Password (at least 10 characters): ");
    // Hide the typed characters.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  }
  const line = await new Promise<string>((resolve) => rl.once("line", resolve));
  rl.close();
  if (process.stdin.isTTY) process.stdout.write("\n");
  return line.trim();
}

async function run(argv: string[]): Promise<number> {
  const [command = "start", ...rest] = argv;
  if (command === "help" || command === "--help" || command === "-h") {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  switch (command) {
    case "start": {
      const running = await start(config);
      const shutdown = (): void => void running.stop().then(() => process.exit(0));
      process.once("SIGINT", shutdown);
      process.once("SIGTERM", shutdown);
      return -1; // keep running
    }
    case "migrate":
      await withDb(config, async (h) => {
        const applied = await migrate(h);
        console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
      });
      return 0;
    case "import-divisions": {
      const { values } = parseArgs({ args: rest, options: { code: { type: "string" }, file: { type: "string" } } });
      const prefix = values.code ? normaliseUserCode(values.code) : null;
      if (!prefix || !isValidPrefix(prefix)) throw new UsageError("--code must be a 2-, 4-, 6-, 9- or 12-digit division code");
      const source = values.file ? parseDivisionCsv(readFileSync(values.file), values.file) : builtInDivisions(prefix);
      if (!source) throw new AppError("VALIDATION", { fields: { code: { key: "org.import.noData", params: { code: prefix } } } });
      const summary = await withDb(config, (h) =>
        importDivisions({ db: h.db, clock: systemClock }, systemActor("cli"), { prefix, records: source.records, source: source.source }),
      );
      console.log(JSON.stringify(summary, null, 2));
      return 0;
    }
    case "user": {
      const [sub, ...args] = rest;
      if (sub !== "create") throw new UsageError("usage: zhenxing user create --username … --role … --scope …");
      const { values } = parseArgs({
        args,
        options: { username: { type: "string" }, role: { type: "string" }, scope: { type: "string" }, name: { type: "string" }, password: { type: "string" } },
      });
      if (!values.username || !values.role || !values.scope) throw new UsageError("--username, --role and --scope are required");
      if (!ROLES.includes(values.role as Role)) throw new UsageError(`--role must be one of: ${ROLES.join(", ")}`);
      const code = normaliseUserCode(values.scope);
      if (!code) throw new UsageError("--scope must be a division code");
      const password = await readPassword(values.password);
      const user = await withDb(config, async (h) => {
        const unit = await orgRepo.findByCode(h.db, code);
        if (!unit) throw new UsageError(`no org unit with division code ${values.scope}; import it first`);
        // The same validation as the HTTP endpoint (username format, password length …).
        const input = parseInput(users.createUser.body, {
          username: values.username,
          displayName: values.name ?? values.username,
          password,
          grant: { role: values.role, orgUnitId: unit.id },
        });
        return createUser({ db: h.db, clock: systemClock }, systemActor("cli"), input);
      });
      console.log(`created ${user.username}: ${user.grants.map((g) => `${g.role}@${g.orgUnitName}`).join(", ")}`);
      return 0;
    }
    case "import-members": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { org: { type: "string" }, mode: { type: "string" }, errors: { type: "string" } },
      });
      const file = positionals[0];
      const code = values.org ? normaliseUserCode(values.org) : null;
      if (!file || !code) throw new UsageError("usage: zhenxing import-members <file.xlsx> --org <division code> [--mode validRows] [--errors <out.xlsx>]");
      const mode = values.mode ?? "allOrNothing";
      if (mode !== "allOrNothing" && mode !== "validRows") throw new UsageError("--mode must be allOrNothing or validRows");
      return withDb(config, (h) =>
        importMembersCli(
          { db: h.db, clock: systemClock, secret: config.secret, files: localFileStore(config.uploadsDir) },
          { file, orgCode: code, mode, errorsPath: values.errors, locale },
          { log: (s) => console.log(s), stream: process.stderr },
        ),
      );
    }
    case "audit": {
      if (rest[0] !== "verify") throw new UsageError("usage: zhenxing audit verify");
      const result = await withDb(config, (h) => verifyAuditChain(h.db));
      if (result.ok) {
        console.log(`audit chain intact: ${result.checked} records`);
        return 0;
      }
      console.error(`audit chain BROKEN at record ${result.firstBroken?.seq}: ${result.firstBroken?.reason} (${result.checked} records before it are intact)`);
      return 1;
    }
    case "seed-demo":
      await withDb(config, async (h) => {
        if (!(await isEmpty(h.db))) throw new UsageError("the database already has org units; seed-demo needs an empty one");
        await seedDemo({ db: h.db, clock: systemClock, secret: config.secret }, (m) => console.log(m));
      });
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

function describe(err: unknown): { message: string; code: number } {
  if (err instanceof UsageError) return { message: err.message, code: 2 };
  if (err instanceof ConfigError) return { message: err.message, code: 2 };
  if (err instanceof DataDirLockedError) return { message: err.message, code: 1 };
  const errno = (err as NodeJS.ErrnoException).code;
  if (errno === "EADDRINUSE" || errno === "EACCES") {
    return { message: `Cannot listen: ${(err as Error).message}. Set PORT (or HOST) to a free address. (端口被占用或无权限，请设置 PORT。)`, code: 1 };
  }
  if (errno === "ECONNREFUSED" || errno === "ENOTFOUND" || errno === "28P01" || errno === "3D000") {
    return { message: `Cannot reach the database in DATABASE_URL: ${(err as Error).message} (无法连接数据库，请检查 DATABASE_URL。)`, code: 1 };
  }
  if (err instanceof AppError) {
    const lines = [translate(locale, err.messageRef.key, err.messageRef.params)];
    for (const [field, ref] of Object.entries(err.fields ?? {})) lines.push(`  ${field}: ${translate(locale, ref.key, ref.params)}`);
    return { message: lines.join("\n"), code: 2 };
  }
  return { message: err instanceof Error ? (err.stack ?? err.message) : String(err), code: 1 };
}

run(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    const { message, code } = describe(err);
    console.error(message);
    process.exit(code);
  },
);
