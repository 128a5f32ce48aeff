import { describe, expect, it } from "vitest";
import { SIGNBOARD_TOKEN_LENGTH, signboardToken, verifySignboardToken } from "./signboard-token.js";

const SECRET = "test-secret-0123456789abcdef0123";
const GRID = "440507001001003";

describe("signboardToken", () => {
  it("is stable, short and URL-safe", () => {
    const t = signboardToken(SECRET, GRID, 1);
    expect(t).toBe(signboardToken(SECRET, GRID, 1));
    expect(t).toHaveLength(SIGNBOARD_TOKEN_LENGTH);
    expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("differs per grid, version and secret", () => {
    const t = signboardToken(SECRET, GRID, 1);
    expect(signboardToken(SECRET, "440507001001004", 1)).not.toBe(t);
    expect(signboardToken(SECRET, GRID, 2)).not.toBe(t);
    expect(signboardToken(`${SECRET}x`, GRID, 1)).not.toBe(t);
  });

  it("rejects bad input", () => {
    expect(() => signboardToken("", GRID, 1)).toThrow(RangeError);
    expect(() => signboardToken(SECRET, "", 1)).toThrow(RangeError);
    expect(() => signboardToken(SECRET, GRID, -1)).toThrow(RangeError);
    expect(() => signboardToken(SECRET, GRID, 1.5)).toThrow(RangeError);
  });
});

describe("verifySignboardToken", () => {
  it("accepts the current token", () => {
    expect(verifySignboardToken(SECRET, GRID, 3, signboardToken(SECRET, GRID, 3))).toBe(true);
  });

  it("rotation (version + 1) invalidates the old print", () => {
    const old = signboardToken(SECRET, GRID, 3);
    expect(verifySignboardToken(SECRET, GRID, 4, old)).toBe(false);
    expect(verifySignboardToken(SECRET, GRID, 4, signboardToken(SECRET, GRID, 4))).toBe(true);
  });

  it("rejects another grid's token, a forged token and malformed input", () => {
    const t = signboardToken(SECRET, GRID, 1);
    expect(verifySignboardToken(SECRET, "440507001001004", 1, t)).toBe(false);
    expect(verifySignboardToken(SECRET, GRID, 1, `${t.slice(0, -1)}${t.endsWith("A") ? "B" : "A"}`)).toBe(false);
    expect(verifySignboardToken(SECRET, GRID, 1, t.slice(1))).toBe(false);
    expect(verifySignboardToken(SECRET, GRID, 1, `${t}A`)).toBe(false);
    expect(verifySignboardToken(SECRET, GRID, 1, "")).toBe(false);
    expect(verifySignboardToken(SECRET, GRID, 1, `网${t.slice(1)}`)).toBe(false);
  });
});
