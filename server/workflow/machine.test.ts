import { describe, expect, it } from "vitest";
import type { Actor, Grant } from "../platform/actor.js";
import { allPairs, availableEvents, decide, type Transition, type WorkflowEntity } from "./machine.js";

type S = "draft" | "submitted" | "approved";
type E = "submit" | "approve" | "reopen" | "expire";
type Doc = WorkflowEntity<S> & { ownerId: string };
const STATES: S[] = ["draft", "submitted", "approved"];
const EVENTS: E[] = ["submit", "approve", "reopen", "expire"];

const TABLE: Transition<S, E, Doc, { reason?: string }>[] = [
  { from: ["draft"], event: "submit", to: "submitted", by: { permission: "org.read" }, who: (a, d) => a.userId === d.ownerId },
  { from: ["submitted"], event: "approve", to: "approved", by: { permission: "org.manage" } },
  {
    from: ["approved"],
    event: "reopen",
    to: "draft",
    by: { permission: "org.manage" },
    guard: (_d, input) => (input.reason ? null : { field: "reason", message: { key: "validation.required" } }),
  },
  { from: ["submitted"], event: "expire", to: "draft", by: { system: true } },
];
const LEGAL = new Set(TABLE.flatMap((t) => t.from.map((f) => `${f}:${t.event}`)));

const grant = (role: Grant["role"], scopePath: string): Grant => ({ id: "g", role, orgUnitId: "o", scopePath, scopeLevel: "town", scopeName: "t", divisionCode: null, departmentId: null });
const townAdmin: Actor = { kind: "user", userId: "boss", username: "b", displayName: "B", grants: [grant("townAdmin", "/c/t/")] };
const owner: Actor = { kind: "user", userId: "owner", username: "o", displayName: "O", grants: [grant("villageSecretary", "/c/t/v/")] };
const system: Actor = { kind: "system", name: "sweeper" };
const doc = (status: S): Doc => ({ id: "d1", status, path: "/c/t/v/", ownerId: "owner" });
const now = new Date("2026-03-02T00:00:00Z");

describe("decide: every (state, event) pair", () => {
  it.each(allPairs(STATES, EVENTS))("%s + %s", (state, event) => {
    const d = decide(TABLE, doc(state), event, system, { reason: "r" }, now);
    if (LEGAL.has(`${state}:${event}`)) expect(d.ok).toBe(true);
    else expect(d).toMatchObject({ ok: false, code: "INVALID_TRANSITION" });
  });
});

describe("decide: who may", () => {
  it("applies the permission over the entity's scope and the extra `who` rule", () => {
    expect(decide(TABLE, doc("draft"), "submit", owner, {}, now).ok).toBe(true);
    expect(decide(TABLE, doc("draft"), "submit", townAdmin, {}, now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(decide(TABLE, doc("submitted"), "approve", owner, {}, now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(decide(TABLE, doc("submitted"), "approve", townAdmin, {}, now).ok).toBe(true);
  });
  it("keeps system transitions for the system", () => {
    expect(decide(TABLE, doc("submitted"), "expire", townAdmin, {}, now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(decide(TABLE, doc("submitted"), "expire", system, {}, now).ok).toBe(true);
  });
  it("refuses outside the actor's scope", () => {
    const elsewhere: Actor = { kind: "user", userId: "x", username: "x", displayName: "X", grants: [grant("townAdmin", "/c/t2/")] };
    expect(decide(TABLE, doc("submitted"), "approve", elsewhere, {}, now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });
  it("runs guards and names the field", () => {
    expect(decide(TABLE, doc("approved"), "reopen", townAdmin, {}, now)).toMatchObject({ ok: false, code: "VALIDATION", field: "reason" });
    expect(decide(TABLE, doc("approved"), "reopen", townAdmin, { reason: "wrong data" }, now).ok).toBe(true);
  });
  it("names state and event in the invalid-transition message", () => {
    expect(decide(TABLE, doc("approved"), "submit", owner, {}, now)).toMatchObject({
      message: { key: "workflow.invalidTransition", params: { event: "event.submit", status: "status.approved" } },
    });
  });
});

describe("availableEvents", () => {
  it("lists what the actor may fire now", () => {
    expect(availableEvents(TABLE, doc("draft"), owner)).toEqual(["submit"]);
    expect(availableEvents(TABLE, doc("submitted"), townAdmin)).toEqual(["approve"]);
    expect(availableEvents(TABLE, doc("submitted"), owner)).toEqual([]);
  });
});
