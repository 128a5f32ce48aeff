import { describe, expect, it } from "vitest";
import { canPick, createIntakeLedger, pickBatch } from "./intake-ledger.js";

const g = (entries: [string, number][]) => new Map(entries);

describe("createIntakeLedger", () => {
  it("shows a batch the appeals another batch reserved, per grid, but not its own", () => {
    const ledger = createIntakeLedger();
    const a = ledger.begin();
    const b = ledger.begin();
    a.lookupStarting();
    b.lookupStarting();
    a.reserve(g([["g1", 3], ["g2", 1]]));
    expect(b.othersReserved()).toEqual(g([["g1", 3], ["g2", 1]]));
    expect(a.othersReserved()).toEqual(new Map());
    b.reserve(g([["g1", 2]]));
    expect(a.othersReserved()).toEqual(g([["g1", 2]]));
  });

  it("drops a rolled-back batch's reservation at once", () => {
    const ledger = createIntakeLedger();
    const a = ledger.begin();
    const b = ledger.begin();
    a.lookupStarting();
    a.reserve(g([["g1", 3]]));
    b.lookupStarting();
    a.finish(false);
    expect(b.othersReserved()).toEqual(new Map());
  });

  it("keeps a committed batch's reservation while a batch that looked up before the commit is deciding", () => {
    const ledger = createIntakeLedger();
    const a = ledger.begin();
    const b = ledger.begin();
    a.lookupStarting();
    a.reserve(g([["g1", 3]]));
    b.lookupStarting(); // b's counts may have been read before a commits
    a.finish(true);
    expect(b.othersReserved()).toEqual(g([["g1", 3]]));
    b.reserve(g([["g1", 1]]));
    expect(ledger.size()).toBe(1); // a's is gone now; b's stays until b ends
    b.finish(true);
    expect(ledger.size()).toBe(0);
  });

  it("releases a committed batch's reservation when the only other batch looks up after the commit", () => {
    const ledger = createIntakeLedger();
    const a = ledger.begin();
    const b = ledger.begin(); // waiting before its look-up (e.g. for the event loop)
    a.lookupStarting();
    a.reserve(g([["g1", 3]]));
    a.finish(true);
    b.lookupStarting(); // reads the committed rows from the database
    expect(b.othersReserved()).toEqual(new Map());
  });
});

const item = (key?: string) => ({ input: { idempotencyKey: key }, key });

describe("pickBatch", () => {
  it("takes up to max in order, leaving the rest in order", () => {
    const pending = [item("a"), item(), item("b"), item("c")];
    const held = new Set<string>();
    expect(pickBatch(pending, held, 3).map((w) => w.key)).toEqual(["a", undefined, "b"]);
    expect(pending.map((w) => w.key)).toEqual(["c"]);
    expect([...held]).toEqual(["a", "b"]);
  });

  it("leaves reports whose key another batch holds, and takes a key twice within its own batch", () => {
    const pending = [item("a"), item("x"), item("b"), item("x"), item("b")];
    const held = new Set(["a"]);
    expect(pickBatch(pending, held, 10).map((w) => w.key)).toEqual(["x", "b", "x", "b"]);
    expect(pending.map((w) => w.key)).toEqual(["a"]);
    expect(canPick(pending, held)).toBe(false);
    held.delete("a");
    expect(canPick(pending, held)).toBe(true);
  });
});
