/**
 * Residents' uploads, checked by content (never by the name or the browser's claimed type) and
 * cleaned: photos lose their EXIF block (GPS position, camera serial) unless the resident opted
 * to share the location. Pure functions over bytes.
 */
import { PHOTO_MAX_BYTES, VOICE_MAX_BYTES, VOICE_MAX_SECONDS } from "../../../../common/appeals.js";
import { voiceDurationSeconds } from "./voice-duration.js";

export type PhotoType = "image/jpeg" | "image/png" | "image/webp";
export type VoiceType = "audio/webm" | "audio/ogg" | "audio/mp4" | "audio/mpeg" | "audio/wav" | "audio/amr";

export type Checked<T> = { ok: true; type: T; bytes: Uint8Array } | { ok: false; problem: "badType" | "tooLarge" | "empty" };

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean => sig.every((x, i) => b[at + i] === x);
const ascii = (b: Uint8Array, at: number, s: string): boolean => [...s].every((c, i) => b[at + i] === c.charCodeAt(0));

/** The photo's real type from its magic bytes, or null. */
export function sniffPhoto(b: Uint8Array): PhotoType | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) return "image/webp";
  return null;
}

/** The voice note's container from its magic bytes, or null. */
export function sniffVoice(b: Uint8Array): VoiceType | null {
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) return "audio/webm";
  if (ascii(b, 0, "OggS")) return "audio/ogg";
  if (ascii(b, 4, "ftyp")) return "audio/mp4";
  if (ascii(b, 0, "ID3") || startsWith(b, [0xff, 0xfb]) || startsWith(b, [0xff, 0xf3])) return "audio/mpeg";
  if (ascii(b, 0, "RIFF") && ascii(b, 8, "WAVE")) return "audio/wav";
  if (ascii(b, 0, "#!AMR\n")) return "audio/amr";
  return null;
}

/** Drops JPEG APP1 segments (EXIF, XMP: where GPS lives); the image data is untouched. */
export function stripJpegMetadata(b: Uint8Array): Uint8Array {
  const out: Uint8Array[] = [b.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const marker = b[i + 1] ?? 0;
    // Start of scan: the rest is entropy-coded image data.
    if (marker === 0xda) break;
    const len = ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0);
    if (len < 2) break;
    if (marker !== 0xe1) out.push(b.subarray(i, i + 2 + len));
    i += 2 + len;
  }
  out.push(b.subarray(i));
  return concat(out);
}

/** Drops PNG eXIf and textual chunks (which can hold positions). */
export function stripPngMetadata(b: Uint8Array): Uint8Array {
  const out: Uint8Array[] = [b.subarray(0, 8)];
  let i = 8;
  const drop = new Set(["eXIf", "tEXt", "zTXt", "iTXt"]);
  while (i + 12 <= b.length) {
    const len = (((b[i] ?? 0) << 24) | ((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0)) >>> 0;
    const type = String.fromCharCode(b[i + 4] ?? 0, b[i + 5] ?? 0, b[i + 6] ?? 0, b[i + 7] ?? 0);
    const end = i + 12 + len;
    if (end > b.length) break;
    if (!drop.has(type)) out.push(b.subarray(i, end));
    i = end;
  }
  if (i < b.length) out.push(b.subarray(i));
  return concat(out);
}

/** Drops WebP EXIF and XMP chunks and fixes the RIFF size. */
export function stripWebpMetadata(b: Uint8Array): Uint8Array {
  const chunks: Uint8Array[] = [];
  let i = 12;
  while (i + 8 <= b.length) {
    const type = String.fromCharCode(b[i] ?? 0, b[i + 1] ?? 0, b[i + 2] ?? 0, b[i + 3] ?? 0);
    const len = ((b[i + 4] ?? 0) | ((b[i + 5] ?? 0) << 8) | ((b[i + 6] ?? 0) << 16) | ((b[i + 7] ?? 0) << 24)) >>> 0;
    const end = Math.min(b.length, i + 8 + len + (len % 2));
    if (type !== "EXIF" && type !== "XMP ") chunks.push(b.subarray(i, end));
    i = end;
  }
  const body = concat(chunks);
  const head = new Uint8Array(12);
  head.set(b.subarray(0, 12));
  new DataView(head.buffer).setUint32(4, body.length + 4, true);
  return concat([head, body]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Checks a photo's size and real type; strips its metadata unless `keepLocation`. */
export function checkPhoto(bytes: Uint8Array, keepLocation: boolean): Checked<PhotoType> {
  if (bytes.length === 0) return { ok: false, problem: "empty" };
  if (bytes.length > PHOTO_MAX_BYTES) return { ok: false, problem: "tooLarge" };
  const type = sniffPhoto(bytes);
  if (!type) return { ok: false, problem: "badType" };
  if (keepLocation) return { ok: true, type, bytes };
  const clean = type === "image/jpeg" ? stripJpegMetadata(bytes) : type === "image/png" ? stripPngMetadata(bytes) : stripWebpMetadata(bytes);
  return { ok: true, type, bytes: clean };
}

/**
 * Checks a voice note's size and container (its length: `checkVoiceLength`). The byte cap
 * (1 MB ≈ 2 minutes of the browser's Opus) bounds what a bypassed page can send.
 */
export function checkVoice(bytes: Uint8Array): Checked<VoiceType> {
  if (bytes.length === 0) return { ok: false, problem: "empty" };
  if (bytes.length > VOICE_MAX_BYTES) return { ok: false, problem: "tooLarge" };
  const type = sniffVoice(bytes);
  return type ? { ok: true, type, bytes } : { ok: false, problem: "badType" };
}

/** The recorder stops at 60 s; a container's rounding and the last frame may add a little. */
export const VOICE_TOLERANCE_SECONDS = 2;

/**
 * Checks a voice note's length as its container states it (voice-duration.ts), since the page's
 * 60-second stop can be bypassed. A note whose length cannot be read is refused as unreadable.
 */
export function checkVoiceLength(bytes: Uint8Array, type: VoiceType): { ok: true; seconds: number } | { ok: false; problem: "tooLong" | "unreadable"; seconds: number | null } {
  const seconds = voiceDurationSeconds(bytes, type);
  if (seconds === null || !Number.isFinite(seconds)) return { ok: false, problem: "unreadable", seconds: null };
  if (seconds > VOICE_MAX_SECONDS + VOICE_TOLERANCE_SECONDS) return { ok: false, problem: "tooLong", seconds };
  return { ok: true, seconds };
}
