import { z } from "zod";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Everything the process reads from its environment, parsed once at start-up. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Uploaded files (minutes' attachments, import reports): DATA_DIR/uploads unless UPLOADS_DIR is set. */
  uploadsDir: string;
  databaseUrl: string | null;
  secret: string;
  /** Create the Shantou demo data and accounts (only with the embedded default). */
  demo: boolean;
  /** Public base URL used in QR codes and links (defaults to http://HOST:PORT). */
  publicBaseUrl: string;
  /** The deployment's time zone for business time (deadlines, "this year"). */
  timeZone: string;
  /** True when a reverse proxy terminates HTTPS: cookies get `Secure`. */
  trustProxy: boolean;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** How often each process runs the deadline sweeper. */
  sweepIntervalMs: number;
  /** Residents' intake limits (defaults in the appeals module); raised for benchmarks. */
  intakeLimits?: { perDevicePer10Min: number; perGridPerHour: number };
  /** Open311 requests per minute per client address and per api_key (defaults in the open311 module). */
  open311Limits?: { perIpPerMinute: number; perKeyPerMinute: number };
}

const boolish = z
  .enum(["0", "1", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  UPLOADS_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  ZHENXING_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  ZHENXING_DEMO: boolish.optional(),
  PUBLIC_BASE_URL: z.url().optional(),
  TZ_BUSINESS: z.string().default("Asia/Shanghai"),
  TRUST_PROXY: boolish.default(false),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  INTAKE_DEVICE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(5),
  INTAKE_GRID_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(60),
  OPEN311_IP_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(60),
  OPEN311_KEY_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(120),
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

const SECRET_FILE = "secret.key";

/**
 * Reads the environment once. With the embedded database and no ZHENXING_SECRET, a secret is
 * generated on first start and kept in DATA_DIR/secret.key (0600); a PostgreSQL deployment must
 * set ZHENXING_SECRET explicitly, because several processes must share it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  if (!isValidTimeZone(e.TZ_BUSINESS)) throw new ConfigError([`TZ_BUSINESS: unknown time zone "${e.TZ_BUSINESS}"`]);
  const dataDir = resolve(e.DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? null;
  let secret = e.ZHENXING_SECRET;
  if (!secret) {
    if (databaseUrl) throw new ConfigError(["ZHENXING_SECRET: required when DATABASE_URL is set (every app process must share it)"]);
    secret = readOrCreateSecret(dataDir);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    uploadsDir: e.UPLOADS_DIR ? resolve(e.UPLOADS_DIR) : join(dataDir, "uploads"),
    databaseUrl,
    secret,
    demo: databaseUrl ? false : (e.ZHENXING_DEMO ?? true),
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://${e.HOST === "0.0.0.0" ? "127.0.0.1" : e.HOST}:${e.PORT}`).replace(/\/$/, ""),
    timeZone: e.TZ_BUSINESS,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    sweepIntervalMs: e.SWEEP_INTERVAL_SECONDS * 1000,
    intakeLimits: { perDevicePer10Min: e.INTAKE_DEVICE_LIMIT, perGridPerHour: e.INTAKE_GRID_LIMIT },
    open311Limits: { perIpPerMinute: e.OPEN311_IP_LIMIT, perKeyPerMinute: e.OPEN311_KEY_LIMIT },
  };
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function readOrCreateSecret(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SECRET_FILE);
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) chmodSync(file, 0o600);
    const value = readFileSync(file, "utf8").trim();
    if (value.length < 32) throw new ConfigError([`ZHENXING_SECRET: ${file} is damaged (shorter than 32 characters)`]);
    return value;
  }
  const value = randomBytes(32).toString("base64url");
  writeFileSync(file, `${value}\n`, { mode: 0o600, flag: "wx" });
  return value;
}
