import { createHmac, hkdfSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createAesPiiCipher, PiiDecryptError, type PiiDecryptFailure } from "./pii.js";

const SECRET = "test-secret-0123456789abcdef-0123456789";
const OTHER_SECRET = "another-secret-0123456789abcdef-012345";
const cipher = createAesPiiCipher(SECRET);
const ID = "34052419800101001X";

function failureOf(fn: () => unknown): PiiDecryptFailure | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof PiiDecryptError) return e.failure;
    throw e;
  }
  return undefined;
}

/** Replaces the character at `index` of a base64url segment with a different valid one. */
function flip(text: string, index: number): string {
  const c = text.charAt(index);
  return text.slice(0, index) + (c === "A" ? "B" : "A") + text.slice(index + 1);
}

describe("createAesPiiCipher: encrypt/decrypt", () => {
  it.each(["13812341234", ID, "", "张小三 · 汕头市龙湖区", "😀 emoji and \u0000 nul"])("round-trips %j", (plain) => {
    const token = cipher.encrypt(plain, "member.idNumber");
    expect(cipher.decrypt(token, "member.idNumber")).toBe(plain);
  });

  it("writes v1.<keyId>.<iv>.<ct+tag> with a 12-byte IV and a 16-byte tag", () => {
    const token = cipher.encrypt("13812341234", "member.phone");
    const [version, keyId, iv = "", body = ""] = token.split(".");
    expect(version).toBe("v1");
    expect(keyId).toBe("k1");
    expect(Buffer.from(iv, "base64url")).toHaveLength(12);
    expect(Buffer.from(body, "base64url")).toHaveLength(11 + 16);
    expect(token).not.toContain("13812341234");
  });

  it("never produces the same token twice for the same value", () => {
    const tokens = new Set(Array.from({ length: 50 }, () => cipher.encrypt(ID, "member.idNumber")));
    expect(tokens.size).toBe(50);
  });

  it("refuses a token copied into another column", () => {
    const token = cipher.encrypt("13812341234", "member.phone");
    expect(failureOf(() => cipher.decrypt(token, "appeal.reporterPhone"))).toBe("authentication");
  });

  it("refuses a token made with another secret under the same key id", () => {
    const token = createAesPiiCipher(OTHER_SECRET).encrypt(ID, "member.idNumber");
    expect(failureOf(() => cipher.decrypt(token, "member.idNumber"))).toBe("authentication");
  });

  it("detects tampering with any part of the token", () => {
    const token = cipher.encrypt(ID, "member.idNumber");
    const [v = "", k = "", iv = "", body = ""] = token.split(".");
    const cases: [string, PiiDecryptFailure][] = [
      [`${v}.${k}.${flip(iv, 0)}.${body}`, "authentication"],
      [`${v}.${k}.${iv}.${flip(body, 0)}`, "authentication"],
      [`${v}.${k}.${iv}.${flip(body, body.length - 2)}`, "authentication"],
      [`${v}.${k}.${iv}.${Buffer.from(body, "base64url").subarray(0, -3).toString("base64url")}`, "authentication"],
      [`${v}.${k}.${iv}.${body.slice(0, 8)}`, "malformed"],
      [`${v}.k2.${iv}.${body}`, "unknownKey"],
      [`v2.${k}.${iv}.${body}`, "unsupportedVersion"],
      [`${v}.${k}.${iv}`, "malformed"],
      [`${v}.${k}.${iv}.${body}.extra`, "malformed"],
      [`${v}.${k}.${iv}.${body}=`, "malformed"],
      [`${v}.${k}.${iv.slice(0, -1)}.${body}`, "malformed"],
      ["", "malformed"],
      ["not a token", "malformed"],
    ];
    for (const [tampered, failure] of cases) {
      expect(failureOf(() => cipher.decrypt(tampered, "member.idNumber")), tampered).toBe(failure);
    }
  });

  it("rejects a non-canonical base64url encoding of the same bytes", () => {
    // A 17-byte body takes 23 characters, whose last one carries 2 unused bits.
    const shortToken = cipher.encrypt("1", "member.phone");
    const [v = "", k = "", iv = "", body = ""] = shortToken.split(".");
    const last = body.charAt(body.length - 1);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sibling = alphabet.charAt(alphabet.indexOf(last) ^ 1);
    const variant = `${v}.${k}.${iv}.${body.slice(0, -1)}${sibling}`;
    expect(Buffer.from(`${body.slice(0, -1)}${sibling}`, "base64url")).toEqual(Buffer.from(body, "base64url"));
    expect(failureOf(() => cipher.decrypt(variant, "member.phone"))).toBe("malformed");
    expect(cipher.decrypt(shortToken, "member.phone")).toBe("1");
  });

  it("keeps plaintext and tokens out of error messages", () => {
    const token = cipher.encrypt(ID, "member.idNumber");
    try {
      cipher.decrypt(token, "member.phone");
      expect.unreachable();
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toContain("member.phone");
      expect(message).not.toContain(ID);
      expect(message).not.toContain(token.split(".")[3]);
    }
  });

  it("decrypts tokens of a previous key after rotation and encrypts with the new one", () => {
    const old = createAesPiiCipher(SECRET);
    const oldToken = old.encrypt(ID, "member.idNumber");
    const rotated = createAesPiiCipher(OTHER_SECRET, { keyId: "k2", previousSecrets: { k1: SECRET } });
    expect(rotated.decrypt(oldToken, "member.idNumber")).toBe(ID);
    const newToken = rotated.encrypt(ID, "member.idNumber");
    expect(newToken.startsWith("v1.k2.")).toBe(true);
    expect(failureOf(() => old.decrypt(newToken, "member.idNumber"))).toBe("unknownKey");
  });

  it("refuses weak secrets, bad key ids and empty contexts", () => {
    expect(() => createAesPiiCipher("short")).toThrow(RangeError);
    expect(() => createAesPiiCipher(SECRET, { keyId: "k.1" })).toThrow(RangeError);
    expect(() => createAesPiiCipher(SECRET, { previousSecrets: { old: "short" } })).toThrow(RangeError);
    expect(() => cipher.encrypt(ID, "")).toThrow(RangeError);
    expect(() => cipher.decrypt("v1.k1.a.b", "")).toThrow(RangeError);
  });
});

describe("createAesPiiCipher: lookupHash", () => {
  it("is HMAC-SHA256 over kind:value with an HKDF-derived key", () => {
    const key = Buffer.from(hkdfSync("sha256", SECRET, "zhenxing/pii", "zhenxing/pii/v1/hmac-sha256/lookup", 32));
    const expected = createHmac("sha256", key).update("phone:13812341234").digest("hex");
    expect(cipher.lookupHash("phone", "13812341234")).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is stable across instances with the same secret and differs per kind and per secret", () => {
    const again = createAesPiiCipher(SECRET, { keyId: "k9" });
    expect(again.lookupHash("idNumber.prcId", ID)).toBe(cipher.lookupHash("idNumber.prcId", ID));
    expect(cipher.lookupHash("idNumber.prcId", ID)).not.toBe(cipher.lookupHash("idNumber.passport", ID));
    expect(cipher.lookupHash("phone", "13812341234")).not.toBe(cipher.lookupHash("mobile", "13812341234"));
    expect(createAesPiiCipher(OTHER_SECRET).lookupHash("phone", "13812341234")).not.toBe(
      cipher.lookupHash("phone", "13812341234"),
    );
  });

  it("does not reuse the encryption key for hashing", () => {
    const encKey = Buffer.from(hkdfSync("sha256", SECRET, "zhenxing/pii", "zhenxing/pii/v1/aes-256-gcm/k1", 32));
    const withEncKey = createHmac("sha256", encKey).update("phone:13812341234").digest("hex");
    expect(cipher.lookupHash("phone", "13812341234")).not.toBe(withEncKey);
  });

  it.each(["", "phone:x"])("refuses the kind %j", (kind) => {
    expect(() => cipher.lookupHash(kind, "13812341234")).toThrow(RangeError);
  });
});
