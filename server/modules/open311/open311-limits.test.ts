import { describe, expect, it } from "vitest";
import { msUntilToken } from "../../platform/rate-buckets.js";
import { apiKeyBucket, ipBucket, OPEN311_BUCKET_PREFIX, OPEN311_WINDOW_MS } from "./open311-limits.js";

describe("Open311 bucket keys", () => {
  it("prefix every key, so the Open311 sweep touches only its own buckets", () => {
    expect(ipBucket("10.0.0.1")).toBe("o311ip:10.0.0.1");
    expect(ipBucket("10.0.0.1").startsWith(OPEN311_BUCKET_PREFIX)).toBe(true);
    expect(apiKeyBucket("zx311_abc").startsWith(`${OPEN311_BUCKET_PREFIX}key:`)).toBe(true);
  });

  it("store a digest of the api_key, never the key, and one per key", () => {
    const key = "zx311_secretSECRETsecret";
    const b = apiKeyBucket(key);
    expect(b).not.toContain("secret");
    expect(b).toMatch(/^o311key:[0-9a-f]{64}$/);
    expect(apiKeyBucket(key)).toBe(b);
    expect(apiKeyBucket(`${key}x`)).not.toBe(b);
  });
});

describe("the time until a bucket holds a token again", () => {
  const limit = { capacity: 60, windowMs: OPEN311_WINDOW_MS };
  it("is one token's share of the window from empty, less when part of one is back", () => {
    expect(msUntilToken(0, limit)).toBe(1000);
    expect(msUntilToken(0.25, limit)).toBe(750);
    expect(msUntilToken(0, { capacity: 5, windowMs: 600_000 })).toBe(120_000);
  });
  it("is zero once a whole token is there, and never more than from empty", () => {
    expect(msUntilToken(1, limit)).toBe(0);
    expect(msUntilToken(3.5, limit)).toBe(0);
    expect(msUntilToken(-0.5, limit)).toBe(1000);
  });
});
