import { describe, expect, it } from "vitest";
import { edited, tinyScheme } from "./engine.fixtures.js";
import { catalogsHave } from "./messages.testkit.js";
import { SCHEME_TRANSITIONS, draftNewVersion, transitionScheme, type SchemeEvent } from "./lifecycle.js";
import { SCHEME_STATUSES, type SchemeStatus } from "./schema.js";

const events: SchemeEvent[] = [{ type: "edit", changes: { year: 2027 } }, { type: "publish" }, { type: "archive" }];

const expected: Record<SchemeStatus, Record<SchemeEvent["type"], SchemeStatus | "readOnly" | "invalidTransition">> = {
  draft: { edit: "draft", publish: "published", archive: "archived" },
  published: { edit: "readOnly", publish: "invalidTransition", archive: "archived" },
  archived: { edit: "readOnly", publish: "invalidTransition", archive: "invalidTransition" },
};

describe("transitionScheme", () => {
  const pairs = SCHEME_STATUSES.flatMap((status) => events.map((event) => [status, event] as const));

  it.each(pairs)("%s + %o", (status, event) => {
    const scheme = { ...tinyScheme(), status };
    const want = expected[status][event.type];
    const out = transitionScheme(scheme, event);
    if (want === "readOnly" || want === "invalidTransition") {
      expect(out).toMatchObject({ ok: false, reason: "invalidTransition", key: `rating.scheme.${want}` });
    } else {
      expect(out).toMatchObject({ ok: true, scheme: { status: want } });
    }
    expect(scheme.status).toBe(status);
  });

  it("matches the declared transition table", () => {
    for (const status of SCHEME_STATUSES) {
      const row: Partial<Record<string, string>> = SCHEME_TRANSITIONS[status];
      for (const event of events) {
        const want = expected[status][event.type];
        expect(row[event.type] ?? "refused").toBe(want === "readOnly" || want === "invalidTransition" ? "refused" : want);
      }
    }
  });

  it("edits a draft without touching its identity, version or status", () => {
    const out = transitionScheme(tinyScheme(), { type: "edit", changes: { year: 2027, name: "新方案", ...({ version: 9, status: "published", code: "x" } as object) } });
    expect(out).toMatchObject({ ok: true, scheme: { year: 2027, name: "新方案", version: 1, status: "draft", code: "tiny" } });
  });

  it("does not share objects with the original", () => {
    const original = tinyScheme();
    const out = transitionScheme(original, { type: "edit", changes: {} });
    if (!out.ok) throw new Error("edit refused");
    out.scheme.dimensions[0]!.name = "changed";
    expect(original.dimensions[0]!.name).toBe("A");
  });

  it("refuses to publish a scheme with problems, listing them", () => {
    const out = transitionScheme(edited((s) => void (s.evaluators[0]!.weight = 0.3)), { type: "publish" });
    expect(out).toMatchObject({ ok: false, reason: "invalidScheme", key: "rating.scheme.invalid", problems: [{ code: "weightsSum" }] });
  });

  it("starts a new draft version from a published scheme", () => {
    const published = { ...tinyScheme(), status: "published" as const };
    const next = draftNewVersion(published, 2);
    expect(next).toMatchObject({ version: 2, status: "draft", code: "tiny" });
    expect(transitionScheme(next, { type: "edit", changes: { year: 2027 } }).ok).toBe(true);
  });

  it("has messages for its refusals", () => {
    expect(catalogsHave(["rating.scheme.readOnly", "rating.scheme.invalidTransition", "rating.scheme.invalid"])).toEqual([]);
  });
});
