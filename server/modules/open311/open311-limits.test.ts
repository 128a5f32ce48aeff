import { describe, expect, it } from "vitest";
import { windowLimiter } from "./open311-limits.js";

describe("Open311 window limiter", () => {
  it("allows max requests in a window, then refuses with the seconds until the window ends", () => {
    const l = windowLimiter(3, 60_000);
    const t0 = 1_000_000;
    expect(l.hit("a", t0)).toEqual({ ok: true, remaining: 2 });
    expect(l.hit("a", t0 + 1_000)).toEqual({ ok: true, remaining: 1 });
    expect(l.hit("a", t0 + 2_000)).toEqual({ ok: true, remaining: 0 });
    expect(l.hit("a", t0 + 10_500)).toEqual({ ok: false, retryAfterSeconds: 50 });
    // Another key has its own window.
    expect(l.hit("b", t0 + 10_500)).toEqual({ ok: true, remaining: 2 });
  });

  it("opens a new window once the old one has passed, and never says retry in 0 seconds", () => {
    const l = windowLimiter(1, 60_000);
    expect(l.hit("a", 0).ok).toBe(true);
    expect(l.hit("a", 59_999)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(l.hit("a", 60_000)).toEqual({ ok: true, remaining: 0 });
  });

  it("keeps memory bounded under a flood of distinct keys", () => {
    const l = windowLimiter(5, 60_000, 100);
    for (let i = 0; i < 1_000; i++) l.hit(`k${i}`, i);
    expect(l.size()).toBeLessThanOrEqual(100);
    // Expired windows are dropped first.
    const m = windowLimiter(5, 1_000, 10);
    for (let i = 0; i < 10; i++) m.hit(`old${i}`, 0);
    m.hit("new", 5_000);
    expect(m.size()).toBe(1);
  });
});
