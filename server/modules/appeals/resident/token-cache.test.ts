import { describe, expect, it } from "vitest";
import { signboardToken } from "../signboard/signboard-token.js";
import { verifiedTokenCache } from "./token-cache.js";

const SECRET = "test-secret-test-secret-test-secret-0123";
const CODE = "440514109210001";

describe("verifiedTokenCache", () => {
  it("verifies once per good token and answers later checks from memory", () => {
    let calls = 0;
    const check = verifiedTokenCache(10, (s, c, v, t) => {
      calls++;
      return t === signboardToken(s, c, v);
    });
    const t1 = signboardToken(SECRET, CODE, 1);
    expect(check(SECRET, CODE, 1, t1)).toBe(true);
    expect(check(SECRET, CODE, 1, t1)).toBe(true);
    expect(calls).toBe(1);
  });

  it("refuses the old token as soon as the board's version moves on (rotation)", () => {
    const check = verifiedTokenCache();
    const t1 = signboardToken(SECRET, CODE, 1);
    expect(check(SECRET, CODE, 1, t1)).toBe(true);
    expect(check(SECRET, CODE, 2, t1)).toBe(false);
    expect(check(SECRET, CODE, 2, signboardToken(SECRET, CODE, 2))).toBe(true);
  });

  it("never remembers a bad token and stays bounded", () => {
    let calls = 0;
    const check = verifiedTokenCache(2, (s, c, v, t) => {
      calls++;
      return t === signboardToken(s, c, v);
    });
    expect(check(SECRET, CODE, 1, "AAAAAAAAAAAAAAAA")).toBe(false);
    expect(check(SECRET, CODE, 1, "AAAAAAAAAAAAAAAA")).toBe(false);
    expect(calls).toBe(2);
    for (const v of [1, 2, 3]) expect(check(SECRET, CODE, v, signboardToken(SECRET, CODE, v))).toBe(true);
    calls = 0;
    // Version 3 was added after the set reached its bound and was cleared: 1 must be checked again.
    expect(check(SECRET, CODE, 1, signboardToken(SECRET, CODE, 1))).toBe(true);
    expect(calls).toBe(1);
  });
});
