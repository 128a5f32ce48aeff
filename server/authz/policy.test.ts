import { describe, expect, it } from "vitest";
import type { Actor, Grant } from "../platform/actor.js";
import { AppError } from "../platform/errors.js";
import { authorize, can, outermost, scopePaths } from "./policy.js";

const grant = (role: Grant["role"], scopePath: string): Grant => ({
  id: "g",
  role,
  orgUnitId: "u",
  scopePath,
  scopeLevel: "town",
  scopeName: "x",
  divisionCode: null,
  departmentId: null,
});
const user = (...grants: Grant[]): Actor => ({ kind: "user", userId: "u1", username: "u", displayName: "U", grants });

describe("the policy", () => {
  const town = user(grant("townAdmin", "/c/d/t/"));
  it("allows inside the subtree and refuses outside", () => {
    expect(can(town, "org.read", { path: "/c/d/t/v/" })).toBe(true);
    expect(can(town, "org.read", { path: "/c/d/t2/" })).toBe(false);
    expect(can(town, "audit.read", { path: "/c/d/t/v/" })).toBe(false);
  });
  it("answers NOT_FOUND outside everything visible and FORBIDDEN for a missing permission inside", () => {
    expect(() => authorize(town, "org.read", { path: "/c/d/t2/" })).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => authorize(town, "audit.read", { path: "/c/d/t/" })).toThrow(AppError);
    try {
      authorize(town, "audit.read", { path: "/c/d/t/" });
    } catch (e) {
      expect((e as AppError).code).toBe("FORBIDDEN");
    }
  });
  it("does not confuse sibling ids that share a prefix", () => {
    expect(can(user(grant("townAdmin", "/c/d/t1/")), "org.read", { path: "/c/d/t10/" })).toBe(false);
  });
  it("reduces scopes to the outermost", () => {
    expect(outermost(["/a/b/", "/a/", "/c/", "/a/b/c/"])).toEqual(["/a/", "/c/"]);
  });
  it("lets the system actor do everything", () => {
    expect(scopePaths({ kind: "system", name: "cli" }, "user.manage")).toEqual(["/"]);
  });
});
