/**
 * The upload checks as coded errors, shared by the residents' page and the staff attachments
 * endpoint so both refuse the same files with the same `upload.*` messages, naming the field.
 * The checks themselves are pure (uploads.ts); this file only turns their answers into AppErrors.
 */
import { AppError } from "../../../platform/errors.js";
import { PHOTO_MAX_BYTES, VOICE_MAX_BYTES, VOICE_MAX_SECONDS } from "../../../../common/appeals.js";
import { checkPhoto, checkVoice, checkVoiceLength, type PhotoType, type VoiceType } from "./uploads.js";

const mb = (n: number) => Math.round(n / 1048576);

/** The `upload.*` error for a refused file, naming its form field; `type` is what was recognised, if anything. */
export function uploadError(field: "photo" | "voice", problem: "badType" | "tooLarge" | "empty", type = "?"): AppError {
  if (problem === "tooLarge") {
    const ref = { key: "upload.tooLarge", params: { max: mb(field === "photo" ? PHOTO_MAX_BYTES : VOICE_MAX_BYTES) } };
    return new AppError("PAYLOAD_TOO_LARGE", { message: ref, fields: { [field]: ref } });
  }
  const ref = { key: "upload.badType", params: { type: problem === "empty" ? "(empty)" : type } };
  return new AppError("UNSUPPORTED_MEDIA_TYPE", { message: ref, fields: { [field]: ref } });
}

/** A photo checked by content and size, EXIF location kept only when asked; throws the coded error. */
export function acceptPhoto(bytes: Uint8Array, keepLocation: boolean): { bytes: Uint8Array; type: PhotoType } {
  const c = checkPhoto(bytes, keepLocation);
  if (!c.ok) throw uploadError("photo", c.problem);
  return { bytes: c.bytes, type: c.type };
}

/** A voice note checked by content, size and the length read from its container (≤ 60 s); throws the coded error. */
export function acceptVoice(bytes: Uint8Array): { bytes: Uint8Array; type: VoiceType } {
  const c = checkVoice(bytes);
  if (!c.ok) throw uploadError("voice", c.problem);
  const len = checkVoiceLength(c.bytes, c.type);
  if (!len.ok && len.problem === "tooLong") {
    const ref = { key: "upload.tooLong", params: { max: VOICE_MAX_SECONDS } };
    throw new AppError("VALIDATION", { message: ref, fields: { voice: ref } });
  }
  // A length we cannot read is refused: the 60 s promise cannot be checked otherwise.
  if (!len.ok) throw uploadError("voice", "badType", c.type);
  return { bytes: c.bytes, type: c.type };
}
