import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Token length in base64url characters: 16 characters carry 96 bits, so guessing a token online is
 * hopeless (2^96 tries), while the printed URL stays short enough for a low QR version whose large
 * modules still scan from a weathered board at arm's length.
 */
export const SIGNBOARD_TOKEN_LENGTH = 16;

function message(gridCode: string, version: number): string {
  if (!gridCode) throw new RangeError("gridCode must not be empty");
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new RangeError(`signboard version must be a non-negative integer, got ${version}`);
  }
  // The version is an integer with no ":", so "code:version" is unambiguous even if a code held ":".
  return `${gridCode}:${version}`;
}

/**
 * The token printed in a grid signboard's QR URL: HMAC-SHA256(secret, "gridCode:version"), base64url,
 * truncated to {@link SIGNBOARD_TOKEN_LENGTH} characters. Stable for a given (secret, grid, version);
 * rotating a board means incrementing the grid's version, which invalidates every earlier print.
 * @param secret server-side key (use 32+ random bytes; never printed or sent to clients)
 */
export function signboardToken(secret: string, gridCode: string, version: number): string {
  if (!secret) throw new RangeError("signboard secret must not be empty");
  return createHmac("sha256", secret)
    .update(message(gridCode, version), "utf8")
    .digest("base64url")
    .slice(0, SIGNBOARD_TOKEN_LENGTH);
}

/**
 * Whether `token` is the current token for the grid at `version`, compared in constant time.
 * Malformed input (wrong length, non-string) is simply not valid.
 */
export function verifySignboardToken(secret: string, gridCode: string, version: number, token: string): boolean {
  if (typeof token !== "string" || token.length !== SIGNBOARD_TOKEN_LENGTH) return false;
  const expected = Buffer.from(signboardToken(secret, gridCode, version), "utf8");
  const given = Buffer.from(token, "utf8");
  // Non-ASCII input changes the byte length; timingSafeEqual requires equal lengths.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
