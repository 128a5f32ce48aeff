import { describe, expect, it } from "vitest";
import { APPEAL_CHANNELS, APPEAL_SCALES, APPEAL_STATUSES, DEADLINE_STAGES, DEADLINE_UNITS, HANDLING_LEVELS, NOTIFIER_KINDS, WARNING_LEVELS } from "../../../../common/appeals.js";
import { SUMMONS_STATUSES, WHISTLE_KINDS, WHISTLE_STATUSES } from "../../../../common/whistle.js";
import { APPEAL_QUEUES, USER_EVENTS } from "../../../../common/contract/appeals.contract.js";
import { RATE_LEVELS } from "../../../../common/contract/rates.contract.js";
import { SYSTEM_ACTORS } from "../../../../common/system-actors.js";
import { catalogs } from "../../../../common/i18n/catalogs.js";
import { zhCN } from "../../i18n/zh-CN.js";
import { en } from "../../i18n/en.js";

// Vite's glob (not node:fs: web/ is browser code, even in tests) reads the screens' sources.
const SOURCES: Record<string, string> = {
  ...import.meta.glob<string>("./**/*.tsx", { query: "?raw", import: "default", eager: true }),
  ...import.meta.glob<string>("../grids/**/*.tsx", { query: "?raw", import: "default", eager: true }),
};

const ui: Record<string, Record<string, string>> = { "zh-CN": zhCN, en };
const has = (locale: "zh-CN" | "en", key: string): boolean => key in (ui[locale] ?? {}) || key in catalogs[locale];

/** Keys built from a variable: every value of the vocabulary must have a label. */
const FAMILIES: [string, readonly string[]][] = [
  ["status.", [...APPEAL_STATUSES, ...SUMMONS_STATUSES]],
  ["event.", [...USER_EVENTS, "checkIn", "report", "rate", "cancel", "confirm", "autoClose", "reopen", "extend"]],
  ["scale.", APPEAL_SCALES],
  ["channel.", APPEAL_CHANNELS],
  ["level.", HANDLING_LEVELS],
  ["appealsUi.queue.", APPEAL_QUEUES],
  ["appealsUi.warning.", WARNING_LEVELS],
  ["appealsUi.extension.", ["pending", "approved", "denied"]],
  ["appealsUi.notifier.", NOTIFIER_KINDS],
  ["whistleUi.kind.", WHISTLE_KINDS],
  ["whistleUi.status.", WHISTLE_STATUSES],
  ["ratesUi.level.", RATE_LEVELS],
  ["ratesUi.rate.", ["response", "resolution", "satisfaction"]],
  ["ratesUi.rateHint.", ["response", "resolution", "satisfaction"]],
  ["appealAdminUi.stage.", DEADLINE_STAGES],
  ["appealAdminUi.unitName.", DEADLINE_UNITS],
  ["appealAdminUi.unit.", DEADLINE_UNITS],
  ["actor.system.", [...SYSTEM_ACTORS, "other"]],
];

describe("appeal screens' strings", () => {
  const literal = [...new Set(Object.values(SOURCES).flatMap((src) => [...src.matchAll(/\bt\("([\w.]+)"/g)].map((m) => m[1] ?? "")))];

  it("finds the screens' keys (the scan works)", () => {
    expect(literal.length).toBeGreaterThan(100);
  });

  it.each(["zh-CN", "en"] as const)("every literal key has a %s text", (locale) => {
    expect(literal.filter((k) => !has(locale, k))).toEqual([]);
  });

  it.each(["zh-CN", "en"] as const)("every value of every labelled vocabulary has a %s text", (locale) => {
    const missing = FAMILIES.flatMap(([prefix, values]) => values.map((v) => `${prefix}${v}`)).filter((k) => !has(locale, k));
    expect(missing).toEqual([]);
  });
});
