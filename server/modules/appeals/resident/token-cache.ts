/**
 * Remembers signboard tokens already verified, so a burst of reports from one board does not
 * recompute the same HMAC for each (the residents' POST is the hot path). The key holds the
 * grid's signboard version, so rotating a board (version + 1) makes the old token miss and fail
 * at once. Only good tokens are kept: wrong guesses cannot evict them, and each still pays the HMAC.
 */
import { tokenIsCurrent } from "../signboards.service.js";

export type TokenCheck = (secret: string, code: string, version: number, token: string) => boolean;

export function verifiedTokenCache(max = 20_000, verify: TokenCheck = tokenIsCurrent): TokenCheck {
  const good = new Set<string>();
  return (secret, code, version, token) => {
    // "\n" cannot occur in a grid code or a base64url token, so the key is unambiguous.
    const key = `${code}\n${version}\n${token}`;
    if (good.has(key)) return true;
    if (!verify(secret, code, version, token)) return false;
    // Bounded: a city has a few thousand boards (the Shantou demo ~2,000; a province ~30,000
    // villages); at ~100 bytes a key, 20,000 is ~2 MB. Past that, start over rather than grow.
    // At 1,000 the demo's own boards overflowed it and every report paid the HMAC again.
    if (good.size >= max) good.clear();
    good.add(key);
    return true;
  };
}
