import { describe, expect, it } from "vitest";
import { parseDigestLine, planResultWrite, resultDigest } from "./results-diff.js";
import type { ResultInsert } from "./results.repo.js";

const row = (subjectId: string, total: number, asOf = "2026-03-02T01:00:00.000Z"): ResultInsert => ({
  subjectId, path: `/a/${subjectId}/`, category: "rural", total, grade: "三星", stars: 3, complete: true, provisional: false,
  breakdown: { v: 2, asOf, facts: { inputs: { m: total } }, points: [total] },
});

describe("resultDigest", () => {
  it("ignores the time the job stamped, not what the result says", () => {
    expect(resultDigest(row("a", 80, "2026-03-02T01:00:00.000Z"))).toBe(resultDigest(row("a", 80, "2026-04-09T08:00:00.000Z")));
    expect(resultDigest(row("a", 80))).not.toBe(resultDigest(row("a", 81)));
    expect(resultDigest(row("a", 80))).not.toBe(resultDigest({ ...row("a", 80), provisional: true }));
    expect(resultDigest(row("a", 80))).not.toBe(resultDigest({ ...row("a", 80), path: "/b/a/" }));
  });
});

describe("planResultWrite", () => {
  const stored = [row("a", 80), row("b", 70), row("c", 60), row("d", 50)].map((r) => ({ subjectId: r.subjectId, digest: resultDigest(r) }));

  it("writes nothing when nothing changed", () => {
    const plan = planResultWrite([row("a", 80), row("b", 70), row("c", 60), row("d", 50)], stored, { pruneScope: true });
    expect(plan).toMatchObject({ write: [], replaced: 0, remove: [], unchanged: 4 });
  });

  it("writes changed and new subjects, removes those that left the scope, keeps refused ones", () => {
    const plan = planResultWrite([row("a", 80), row("b", 71), row("e", 10)], stored, { pruneScope: true, keep: new Set(["d"]) });
    expect(plan.write.map((r) => r.subjectId)).toEqual(["b", "e"]);
    expect(plan.write[0]?.digest).toBe(resultDigest(row("b", 71)));
    expect(plan).toMatchObject({ replaced: 1, remove: ["c"], unchanged: 1 });
  });

  it("removes nothing when one subject is rated on its own", () => {
    const plan = planResultWrite([row("a", 81)], stored, { pruneScope: false });
    expect(plan).toMatchObject({ replaced: 1, remove: [], unchanged: 0 });
  });

  it("rewrites a stored row without a digest (written before digests)", () => {
    const plan = planResultWrite([row("a", 80)], [{ subjectId: "a", digest: null }], { pruneScope: true });
    expect(plan).toMatchObject({ replaced: 1, unchanged: 0 });
  });
});

describe("resultDigest stays the hash stored rows were written with", () => {
  it("is sha1, base64, of the JSON of [path, category, total, grade, stars, complete, provisional, breakdown without asOf]", async () => {
    const { createHash } = await import("node:crypto");
    const r = row("a", 80);
    const body = JSON.stringify([r.path, r.category, r.total, r.grade, r.stars, r.complete, r.provisional, { v: 2, facts: { inputs: { m: 80 } }, points: [80] }]);
    expect(resultDigest(r)).toBe(createHash("sha1").update(body).digest("base64"));
  });
});

describe("parseDigestLine", () => {
  it("reads the subject id and its digest, an empty digest as none", () => {
    const id = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa";
    expect(parseDigestLine(`${id}Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==`)).toEqual({ subjectId: id, digest: "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==" });
    expect(parseDigestLine(id)).toEqual({ subjectId: id, digest: null });
  });
});
