import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { actorLabel } from "../../common/system-actors.js";
import { actorName, systemActor } from "./actor.js";

const SERVER = join(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") && !e.name.includes(".test.") && !e.name.includes("testkit") ? [p] : [];
  });
}

describe("system actors", () => {
  it("stores a system actor as system:<name>", () => {
    expect(actorName(systemActor("sweeper"))).toBe("system:sweeper");
  });

  // A new system actor must get its own timeline label (common/system-actors.ts and the web's
  // actor.system.* strings), not fall through to the generic 系统.
  it("every system actor named in the server's code has a label of its own", () => {
    const names = sources(SERVER).flatMap((file) => {
      const src = readFileSync(file, "utf8");
      return [...src.matchAll(/systemActor\(\s*["`]([^"`$]*)/g), ...src.matchAll(/kind: "system", name: "([^"]*)"/g)].map((m) => m[1] ?? "");
    });
    expect(names).toContain("sweeper");
    expect(names).toContain("open311:");
    const unlabelled = names.filter((n) => {
      const label = actorLabel(actorName(systemActor(n)));
      return label.kind !== "system" || label.name === "other";
    });
    expect(unlabelled).toEqual([]);
  });
});
