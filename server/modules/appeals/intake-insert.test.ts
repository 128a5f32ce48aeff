import { describe, expect, it } from "vitest";
import { appeals } from "../../db/schema/index.js";
import { recordsetColumns, recordsetJson } from "./intake-insert.js";

describe("recordsetColumns", () => {
  it("lists the keys any row fills, in the table's order, with their column names and SQL types", () => {
    const cols = recordsetColumns(appeals, [
      { description: "x", id: "a", dueAt: new Date(0) },
      { id: "b", description: "y", phoneMasked: "138****0000", lng: undefined },
    ]);
    expect(cols).toEqual([
      { key: "id", name: "id", type: "uuid" },
      { key: "description", name: "description", type: "text" },
      { key: "phoneMasked", name: "phone_masked", type: "text" },
      { key: "dueAt", name: "due_at", type: "timestamp with time zone" },
    ]);
  });

  it("refuses a key the table does not have rather than dropping it", () => {
    expect(() => recordsetColumns(appeals, [{ id: "a", nope: 1 }])).toThrow(/nope/);
  });
});

describe("recordsetJson", () => {
  it("keys by column name, gives missing cells null, dates as ISO instants and lone surrogates as U+FFFD", () => {
    const rows = [
      { id: "a", description: "村口\uD800垃圾😀", dueAt: new Date("2026-11-28T01:02:03.004Z"), lat: 23.1 },
      { id: "b", description: "ok" },
    ];
    const json = recordsetJson(recordsetColumns(appeals, rows), rows);
    expect(JSON.parse(json)).toEqual([
      { id: "a", description: "村口\uFFFD垃圾😀", lat: 23.1, due_at: "2026-11-28T01:02:03.004Z" },
      { id: "b", description: "ok", lat: null, due_at: null },
    ]);
  });
});
