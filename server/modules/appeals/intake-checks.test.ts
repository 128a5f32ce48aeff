import { describe, expect, it } from "vitest";
import { AppError } from "../../platform/errors.js";
import { consentProblem, fileAuditAfter, firstHandler, rateLimited, takeGridSlot } from "./intake-checks.js";

const grid = { id: "g1", path: "d.t.v.g1", village_id: "v1", village_path: "d.t.v", worker_count: 2 };

describe("intake checks", () => {
  it("routes to the grid when it has workers, else to its village", () => {
    expect(firstHandler(grid)).toEqual({ id: "g1", path: "d.t.v.g1", level: "grid" });
    expect(firstHandler({ ...grid, worker_count: "0" })).toEqual({ id: "v1", path: "d.t.v", level: "village" });
  });

  it("routes a grid-less Open311 request to its key's unit, and refuses one with neither", () => {
    const town = { id: "t1", path: "d.t", level: "town" as const };
    expect(firstHandler(null, town)).toEqual(town);
    expect(firstHandler(grid, town)).toMatchObject({ level: "grid" }); // the grid wins when there is one
    expect(firstHandler(null)).toBeNull();
  });

  it("asks for consent only when a phone is given", () => {
    expect(consentProblem(false, undefined)).toBeNull();
    expect(consentProblem(true, true)).toBeNull();
    const e = consentProblem(true, false);
    expect(e).toBeInstanceOf(AppError);
    expect(e?.fields?.consent?.key).toBe("appeal.consentRequired");
  });

  it("counts a grid's slots within one batch, so a burst cannot pass on one stale count", () => {
    const used = new Map([["g1", 58]]);
    expect(takeGridSlot(used, "g1", 60)).toBe(true);
    expect(takeGridSlot(used, "g1", 60)).toBe(true);
    expect(takeGridSlot(used, "g1", 60)).toBe(false);
    expect(used.get("g1")).toBe(60);
    expect(takeGridSlot(used, "g2", 1)).toBe(true);
    expect(takeGridSlot(used, "g2", 1)).toBe(false);
    expect(rateLimited()).toMatchObject({ code: "RATE_LIMITED", messageRef: { key: "intake.rateLimited" } });
  });

  it("audits the mask, never the phone", () => {
    const after = fileAuditAfter({ channel: "resident", categoryCode: "roads", gridCode: null, handlingLevel: "town", photos: 1, phoneMasked: "139****5678" });
    expect(after).toEqual({ channel: "resident", category: "roads", gridCode: null, handlingLevel: "town", photos: 1, phone: "139****5678" });
  });
});
