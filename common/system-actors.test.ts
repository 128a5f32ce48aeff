import { describe, expect, it } from "vitest";
import { SYSTEM_ACTORS, actorLabel } from "./system-actors.js";

describe("actorLabel", () => {
  it("names each system actor the server uses", () => {
    expect(actorLabel("system:sweeper")).toEqual({ kind: "system", name: "sweeper" });
    expect(actorLabel("system:autoWhistle")).toEqual({ kind: "system", name: "autoWhistle" });
    expect(actorLabel("system:resident")).toEqual({ kind: "system", name: "resident" });
    expect(actorLabel("system:demo")).toEqual({ kind: "system", name: "demo" });
  });

  it("reads an Open311 partner's actor (system:open311:<prefix>) as open311", () => {
    expect(actorLabel("system:open311:k7Hq2")).toEqual({ kind: "system", name: "open311" });
  });

  it("falls back to the generic system label for a system name it does not know", () => {
    expect(actorLabel("system:test")).toEqual({ kind: "system", name: "other" });
    expect(actorLabel("system:")).toEqual({ kind: "system", name: "other" });
  });

  it("leaves people alone, including a username that merely contains 'system'", () => {
    expect(actorLabel("hongchang")).toEqual({ kind: "person" });
    expect(actorLabel("systemadmin")).toEqual({ kind: "person" });
    expect(actorLabel("")).toEqual({ kind: "person" });
  });

  it("has no duplicate names", () => {
    expect(new Set(SYSTEM_ACTORS).size).toBe(SYSTEM_ACTORS.length);
  });
});
