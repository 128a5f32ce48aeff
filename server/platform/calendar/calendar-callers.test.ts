import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

// working-time.ts defaults to the package-only calendar (kept for its own tests). A production
// caller that forgets the official calendar would silently count 2027's Spring Festival as work:
// every call outside platform/calendar must pass OFFICIAL_WORKING_TIME (calendar-provider.ts).
const SERVER = fileURLToPath(new URL("../..", import.meta.url));
// timer-basis.ts takes the calendar as a required parameter instead: a calendar change recomputes
// timers with the calendar read in its own transaction, and deadlines.ts passes
// OFFICIAL_WORKING_TIME (checked here like any caller).
const TAKES_CALENDAR = new Set([join("workflow", "timer-basis.ts")]);
const CALLS = /\b(addWorkingDays|addWorkingHours|isWorkingDay|workingMsBetween|isChinaWorkingDate)\(/g;

/** The argument text of the call whose "(" is at `open`, up to its matching ")". */
function argsAt(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && !e.name.includes("testkit") ? [p] : [];
  });
}

describe("deadline code outside platform/calendar", () => {
  it("counts working time with the official calendar on every call", () => {
    const offenders: string[] = [];
    for (const file of sources(SERVER)) {
      const rel = relative(SERVER, file);
      if (rel.startsWith(join("platform", "calendar")) || TAKES_CALENDAR.has(rel)) continue;
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(CALLS)) {
        const args = argsAt(text, m.index + m[0].length - 1);
        if (!args.includes("OFFICIAL_WORKING_TIME")) offenders.push(`${rel}: ${m[1]}(${args})`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
