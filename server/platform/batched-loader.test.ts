import { describe, expect, it } from "vitest";
import { batchedLoader } from "./batched-loader.js";

const tick = () => new Promise((r) => setImmediate(r));

describe("batchedLoader", () => {
  it("answers calls of one turn with one fetch, absent keys as undefined", async () => {
    const calls: string[][] = [];
    const load = batchedLoader<string, number>(async (keys) => {
      calls.push(keys);
      return new Map(keys.filter((k) => k !== "x").map((k) => [k, k.length]));
    });
    const got = await Promise.all([load("a"), load("bb"), load("a"), load("x")]);
    expect(got).toEqual([1, 2, 1, undefined]);
    expect(calls).toEqual([["a", "bb", "x"]]);
  });

  it("keeps one fetch in flight: calls made meanwhile share the next one", async () => {
    const calls: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const load = batchedLoader<string, string>(async (keys) => {
      calls.push(keys);
      if (calls.length === 1) await gate;
      return new Map(keys.map((k) => [k, k.toUpperCase()]));
    });
    const first = load("a");
    await tick();
    const later = [load("b"), load("c")];
    await tick();
    expect(calls).toEqual([["a"]]);
    release();
    expect(await Promise.all([first, ...later])).toEqual(["A", "B", "C"]);
    expect(calls).toEqual([["a"], ["b", "c"]]);
  });

  it("splits rounds at maxKeys and rejects every waiter of a failed fetch", async () => {
    const calls: string[][] = [];
    const load = batchedLoader<string, string>(async (keys) => {
      calls.push(keys);
      if (keys.includes("bad")) throw new Error("boom");
      return new Map(keys.map((k) => [k, k]));
    }, 2);
    const a = load("a");
    const b = load("b");
    const bad = load("bad");
    await expect(Promise.all([a, b])).resolves.toEqual(["a", "b"]);
    await expect(bad).rejects.toThrow("boom");
    expect(calls).toEqual([["a", "b"], ["bad"]]);
  });
});
