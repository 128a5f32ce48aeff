import type { AppDeps } from "../../app.js";
import { localFileStore, type FileStore } from "../../platform/files.js";
import { createAesPiiCipher, type PiiCipher } from "../../platform/pii.js";
import { maskPhone } from "../../../common/mask.js";
import { parsePhone } from "../../../common/phone.js";
import { fieldError } from "../../platform/errors.js";

/** What every grid and appeal service needs, built once from the app's dependencies. */
export interface AppealsDeps {
  db: AppDeps["db"];
  clock: AppDeps["clock"];
  secret: string;
  timeZone: string;
  publicBaseUrl: string;
  files: FileStore;
  pii: PiiCipher;
}

const ciphers = new Map<string, PiiCipher>();

/** One cipher per secret (HKDF runs once per process). */
export function appealsCipher(secret: string): PiiCipher {
  let c = ciphers.get(secret);
  if (!c) {
    c = createAesPiiCipher(secret);
    ciphers.set(secret, c);
  }
  return c;
}

export function appealsDeps(deps: AppDeps): AppealsDeps {
  return {
    db: deps.db,
    clock: deps.clock,
    secret: deps.config.secret,
    timeZone: deps.config.timeZone,
    publicBaseUrl: deps.config.publicBaseUrl,
    files: localFileStore(deps.config.uploadsDir),
    pii: appealsCipher(deps.config.secret),
  };
}

/** The stored form of a phone: ciphertext (context-bound), keyed hash and masked display only. */
export interface ProtectedPhone {
  phoneCipher: string;
  phoneHash: string;
  phoneMasked: string;
}

/** Validates and protects a phone a person typed; `field` names the form field on error. */
export function protectPhone(pii: PiiCipher, raw: string, context: string, field = "phone"): ProtectedPhone {
  const parsed = parsePhone(raw);
  if (!parsed.ok) throw fieldError(field, "appeal.badPhone");
  return {
    phoneCipher: pii.encrypt(parsed.normalised, context),
    phoneHash: pii.lookupHash("phone", parsed.normalised),
    phoneMasked: maskPhone(parsed.normalised),
  };
}

export const APPEAL_PHONE_CONTEXT = "appeal.phone";
export const WORKER_PHONE_CONTEXT = "gridWorker.phone";
export const NOTIFIER_URL_CONTEXT = "notifier.url";
export const NOTIFIER_SECRET_CONTEXT = "notifier.secret";
