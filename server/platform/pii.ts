/**
 * Field-level protection of personal data (PRACTICE §5.3, §5.7): phone and ID numbers are stored
 * as authenticated ciphertext plus a keyed lookup hash, so rows can be found and de-duplicated
 * without decrypting, and a database dump alone reveals nothing.
 *
 * The interface is the seam for 国密: an SM4-GCM + HMAC-SM3 provider would implement PiiCipher
 * with its own token version prefix (e.g. `s1.`), and a composite cipher could decrypt both while
 * encrypting with the configured one. Only the AES/SHA-256 provider exists today.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomFillSync } from "node:crypto";

/** Encrypts, decrypts and hashes personal data; implementations must never log plaintext. */
export interface PiiCipher {
  /**
   * Encrypts `plain` for storage in the column named by `context` (e.g. `member.idNumber`). The
   * context is authenticated, so a token copied into another column does not decrypt there.
   */
  encrypt(plain: string, context: string): string;
  /** Reverses encrypt(); throws PiiDecryptError when the token, key or context does not match. */
  decrypt(token: string, context: string): string;
  /**
   * A deterministic keyed hash for equality search and de-duplication. Pass the normalised value
   * (common/idcard.ts, common/phone.ts), and a kind such as `phone` or `idNumber.prcId` so equal
   * strings of different kinds do not collide.
   */
  lookupHash(kind: string, normalisedValue: string): string;
}

export type PiiDecryptFailure = "malformed" | "unsupportedVersion" | "unknownKey" | "authentication";

/** A token could not be decrypted. The message names the cause, never the token or plaintext. */
export class PiiDecryptError extends Error {
  readonly failure: PiiDecryptFailure;
  constructor(failure: PiiDecryptFailure, context: string) {
    super(`cannot decrypt personal data for ${context}: ${DESCRIPTIONS[failure]}`);
    this.name = "PiiDecryptError";
    this.failure = failure;
  }
}

const DESCRIPTIONS: Record<PiiDecryptFailure, string> = {
  malformed: "the token is not in v1.<keyId>.<iv>.<ciphertext> form",
  unsupportedVersion: "the token version is not supported",
  unknownKey: "the token was made with a key this server does not have",
  authentication: "authentication failed (tampered token, wrong context or wrong key)",
};

export interface AesPiiCipherOptions {
  /** Id written into new tokens; change it together with the secret when rotating. Default `k1`. */
  keyId?: string;
  /**
   * Earlier secrets by key id, kept only to decrypt old tokens during a rotation. Lookup hashes
   * always use the current secret, so a rotation must re-hash stored values (re-encrypt too).
   */
  previousSecrets?: Readonly<Record<string, string>>;
}

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_SECRET_LENGTH = 32;
const HKDF_SALT = "zhenxing/pii";
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * The default PiiCipher: AES-256-GCM with a random 12-byte IV, and HMAC-SHA256 lookup hashes.
 * Both keys are derived from the application secret with HKDF-SHA256 under distinct info strings,
 * so neither key is the secret itself and the two can never be confused.
 *
 * Token: `v1.<keyId>.<base64url iv>.<base64url ciphertext ‖ 16-byte tag>`. The AAD is
 * `v1.<keyId>.<context>`, binding the version, key id and column.
 */
export function createAesPiiCipher(secret: string, options: AesPiiCipherOptions = {}): PiiCipher {
  const keyId = options.keyId ?? "k1";
  const currentKey = deriveEncryptionKey(secret, keyId);
  const encryptionKeys = new Map<string, Buffer>();
  for (const [id, old] of Object.entries(options.previousSecrets ?? {})) {
    encryptionKeys.set(id, deriveEncryptionKey(old, id));
  }
  encryptionKeys.set(keyId, currentKey);
  const lookupKey = derive(secret, "zhenxing/pii/v1/hmac-sha256/lookup");

  return {
    encrypt(plain, context) {
      assertContext(context);
      const iv = nextIv();
      const cipher = createCipheriv("aes-256-gcm", currentKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(keyId, context));
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
      return [VERSION, keyId, iv.toString("base64url"), body.toString("base64url")].join(".");
    },

    decrypt(token, context) {
      assertContext(context);
      const parts = typeof token === "string" ? token.split(".") : [];
      if (parts.length !== 4) throw new PiiDecryptError("malformed", context);
      const [version = "", id = "", ivText = "", bodyText = ""] = parts;
      if (version !== VERSION) throw new PiiDecryptError("unsupportedVersion", context);
      if (!BASE64URL.test(ivText) || !BASE64URL.test(bodyText)) throw new PiiDecryptError("malformed", context);
      const key = encryptionKeys.get(id);
      if (!key) throw new PiiDecryptError("unknownKey", context);
      const iv = Buffer.from(ivText, "base64url");
      const body = Buffer.from(bodyText, "base64url");
      if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new PiiDecryptError("malformed", context);
      // Buffer's decoder ignores stray trailing bits; insisting on the canonical text keeps tokens unique.
      if (iv.toString("base64url") !== ivText || body.toString("base64url") !== bodyText) {
        throw new PiiDecryptError("malformed", context);
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad(id, context));
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
        const plain = Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
        return plain.toString("utf8");
      } catch {
        // node:crypto's own message is generic, but it is replaced so nothing else can leak.
        throw new PiiDecryptError("authentication", context);
      }
    },

    lookupHash(kind, normalisedValue) {
      if (kind === "" || kind.includes(":")) {
        throw new RangeError("lookupHash kind must be non-empty and contain no ':'");
      }
      return createHmac("sha256", lookupKey).update(`${kind}:${normalisedValue}`, "utf8").digest("hex");
    },
  };
}

// IVs come from a pool refilled by the CSPRNG: one randomFillSync per 4,096 IVs instead of a
// system call each (a 35,000-member import or the demo encrypts ~70,000 values). Each IV is
// copied out, so no two encryptions share one.
const ivPool = Buffer.alloc(IV_BYTES * 4096);
let ivOffset = ivPool.length;

function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + IV_BYTES));
  ivOffset += IV_BYTES;
  return iv;
}

function deriveEncryptionKey(secret: string, keyId: string): Buffer {
  if (!KEY_ID.test(keyId)) throw new RangeError("PII key id must be 1–32 of A–Z a–z 0–9 _ -");
  return derive(secret, `zhenxing/pii/v1/aes-256-gcm/${keyId}`);
}

function derive(secret: string, info: string): Buffer {
  if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) {
    throw new RangeError(`the PII secret must have at least ${MIN_SECRET_LENGTH} characters`);
  }
  return Buffer.from(hkdfSync("sha256", secret, HKDF_SALT, info, 32));
}

function aad(keyId: string, context: string): Buffer {
  return Buffer.from(`${VERSION}.${keyId}.${context}`, "utf8");
}

function assertContext(context: string): void {
  if (typeof context !== "string" || context === "") {
    throw new RangeError("a PII context (e.g. member.idNumber) is required");
  }
}
