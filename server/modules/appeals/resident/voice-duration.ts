/**
 * A voice note's length in seconds, read from its container — the recorder's 60-second stop is
 * in the page, so a bypassed page could send anything; the server measures for itself. Pure
 * functions over bytes, no dependency: only the few fields that carry time are read.
 *
 * What the page records: MediaRecorder gives WebM/Opus (Chrome, Android WebView, WeChat on
 * Android), Ogg/Opus (Firefox) or MP4/AAC (Safari, WeChat on iOS, often fragmented). WAV, MP3
 * and AMR (what older phones' recorders save) are read too. Null when no length can be read.
 */
import type { VoiceType } from "./uploads.js";

const u32be = (b: Uint8Array, i: number) => (((b[i] ?? 0) << 24) >>> 0) + (((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0));
const u64be = (b: Uint8Array, i: number) => u32be(b, i) * 2 ** 32 + u32be(b, i + 4);
const u32le = (b: Uint8Array, i: number) => (((b[i + 3] ?? 0) << 24) >>> 0) + (((b[i + 2] ?? 0) << 16) | ((b[i + 1] ?? 0) << 8) | (b[i] ?? 0));
const u16le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const tag = (b: Uint8Array, i: number) => String.fromCharCode(b[i] ?? 0, b[i + 1] ?? 0, b[i + 2] ?? 0, b[i + 3] ?? 0);

export function voiceDurationSeconds(b: Uint8Array, type: VoiceType): number | null {
  switch (type) {
    case "audio/webm":
      return webmDuration(b);
    case "audio/ogg":
      return oggDuration(b);
    case "audio/mp4":
      return mp4Duration(b);
    case "audio/wav":
      return wavDuration(b);
    case "audio/mpeg":
      return mp3Duration(b);
    case "audio/amr":
      return amrDuration(b);
  }
}

/** An EBML variable-length integer at `i`: its value (null for "unknown size") and length. */
function vint(b: Uint8Array, i: number, keepMarker: boolean): { value: number | null; len: number } | null {
  const first = b[i];
  if (first === undefined || first === 0) return null;
  const len = Math.clz32(first) - 23;
  if (len > 8 || i + len > b.length) return null;
  let value = keepMarker ? first : first & (0xff >> len);
  let allOnes = value === 0xff >> len;
  for (let k = 1; k < len; k++) {
    const x = b[i + k] ?? 0;
    value = value * 256 + x;
    if (x !== 0xff) allOnes = false;
  }
  return { value: !keepMarker && allOnes ? null : value, len };
}

const EBML_DESCEND = new Set([0x18538067 /* Segment */, 0x1549a966 /* Info */, 0x1f43b675 /* Cluster */, 0xa0 /* BlockGroup */]);

/**
 * WebM: the Info Duration when the muxer wrote one; MediaRecorder streams do not (the size is
 * unknown while recording), so the last block's time (its cluster's Timecode plus its own offset)
 * is used — whichever is larger. Elements are read flat, descending into the few that hold time.
 */
function webmDuration(b: Uint8Array): number | null {
  let scale = 1_000_000; // ns per tick, Matroska's default TimecodeScale
  let declared = 0;
  let cluster = 0;
  let last = -1;
  let i = 0;
  while (i < b.length) {
    const id = vint(b, i, true);
    if (!id) break;
    const size = vint(b, i + id.len, false);
    if (!size) break;
    const body = i + id.len + size.len;
    const id_ = id.value ?? 0;
    if (EBML_DESCEND.has(id_)) {
      i = body;
      continue;
    }
    if (size.value === null) break;
    const end = body + size.value;
    if (end > b.length && id_ !== 0xa3 && id_ !== 0xa1) break;
    if (id_ === 0x2ad7b1) scale = uint(b, body, size.value);
    else if (id_ === 0x4489) declared = size.value === 4 ? new DataView(b.buffer, b.byteOffset + body, 4).getFloat32(0) : size.value === 8 ? new DataView(b.buffer, b.byteOffset + body, 8).getFloat64(0) : 0;
    else if (id_ === 0xe7) cluster = uint(b, body, size.value);
    else if (id_ === 0xa3 || id_ === 0xa1) {
      const track = vint(b, body, false);
      if (track && body + track.len + 2 <= b.length) {
        const rel = new DataView(b.buffer, b.byteOffset + body + track.len, 2).getInt16(0);
        last = Math.max(last, cluster + rel);
      }
    }
    i = end;
  }
  const ticks = Math.max(declared, last);
  return ticks > 0 || last === 0 ? (ticks * scale) / 1e9 : null;
}

function uint(b: Uint8Array, at: number, len: number): number {
  let v = 0;
  for (let k = 0; k < len && k < 8; k++) v = v * 256 + (b[at + k] ?? 0);
  return v;
}

/** Ogg: the first stream's last granule position, in 48 kHz samples less pre-skip (Opus) or at the Vorbis rate. */
function oggDuration(b: Uint8Array): number | null {
  let i = 0;
  let serial: number | null = null;
  let rate = 0;
  let preSkip = 0;
  let granule = -1;
  while (i + 27 <= b.length && tag(b, i) === "OggS") {
    const segments = b[i + 26] ?? 0;
    let bodyLen = 0;
    for (let k = 0; k < segments; k++) bodyLen += b[i + 27 + k] ?? 0;
    const body = i + 27 + segments;
    const pageSerial = u32le(b, i + 14);
    if (serial === null) {
      serial = pageSerial;
      if (tag(b, body) === "Opus" && tag(b, body + 4) === "Head") {
        rate = 48000;
        preSkip = u16le(b, body + 10);
      } else if (b[body] === 1 && tag(b, body + 1) === "vorb") {
        rate = u32le(b, body + 12);
      }
    }
    const lo = u32le(b, i + 6);
    const hi = u32le(b, i + 10);
    // -1 (all ones) marks a page where no packet ends; skip it.
    if (pageSerial === serial && !(lo === 0xffffffff && hi === 0xffffffff)) granule = Math.max(granule, hi * 2 ** 32 + lo);
    i = body + bodyLen;
  }
  if (!rate || granule < 0) return null;
  return Math.max(0, granule - preSkip) / rate;
}

/** MP4 boxes of one level inside [from, to): type, body start, end. */
function* boxes(b: Uint8Array, from: number, to: number): Generator<{ type: string; body: number; end: number }> {
  let i = from;
  while (i + 8 <= to) {
    let size = u32be(b, i);
    let body = i + 8;
    if (size === 1) {
      size = u64be(b, i + 8);
      body = i + 16;
    } else if (size === 0) size = to - i;
    if (size < body - i) return;
    const end = Math.min(to, i + size);
    yield { type: tag(b, i + 4), body, end };
    i = end;
  }
}

const child = (b: Uint8Array, box: { body: number; end: number }, type: string) => [...boxes(b, box.body, box.end)].find((x) => x.type === type);

/**
 * MP4: mvhd's duration; a fragmented recording (Safari's MediaRecorder) leaves it 0, so then
 * mehd's fragment duration, else the fragments' own times (tfdt start + trun/tfhd sample
 * durations) over the track's mdhd timescale.
 */
function mp4Duration(b: Uint8Array): number | null {
  const top = [...boxes(b, 0, b.length)];
  const moov = top.find((x) => x.type === "moov");
  if (!moov) return null;
  const mvhd = child(b, moov, "mvhd");
  if (mvhd) {
    const v1 = b[mvhd.body] === 1;
    const scale = u32be(b, mvhd.body + (v1 ? 20 : 12));
    const dur = v1 ? u64be(b, mvhd.body + 24) : u32be(b, mvhd.body + 16);
    if (scale && dur && dur !== 0xffffffff) return dur / scale;
    const mvex = child(b, moov, "mvex");
    const mehd = mvex && child(b, mvex, "mehd");
    if (mehd && scale) {
      const d = b[mehd.body] === 1 ? u64be(b, mehd.body + 4) : u32be(b, mehd.body + 4);
      if (d) return d / scale;
    }
  }
  const trak = child(b, moov, "trak");
  const mdia = trak && child(b, trak, "mdia");
  const mdhd = mdia && child(b, mdia, "mdhd");
  if (!mdhd) return null;
  const trackScale = u32be(b, mdhd.body + (b[mdhd.body] === 1 ? 20 : 12));
  const mvex = child(b, moov, "mvex");
  const trex = mvex && child(b, mvex, "trex");
  const defaultDur = trex ? u32be(b, trex.body + 12) : 0;
  let end = 0;
  for (const moof of top.filter((x) => x.type === "moof")) {
    for (const traf of [...boxes(b, moof.body, moof.end)].filter((x) => x.type === "traf")) {
      const tfhd = child(b, traf, "tfhd");
      const tfdt = child(b, traf, "tfdt");
      const trun = child(b, traf, "trun");
      if (!tfhd || !trun) continue;
      let start = tfdt ? (b[tfdt.body] === 1 ? u64be(b, tfdt.body + 4) : u32be(b, tfdt.body + 4)) : end;
      const fl = u32be(b, tfhd.body) & 0xffffff;
      let at = tfhd.body + 8 + (fl & 0x1 ? 8 : 0) + (fl & 0x2 ? 4 : 0);
      const tfhdDur = fl & 0x8 ? u32be(b, at) : defaultDur;
      at = trun.body;
      const tf = u32be(b, at) & 0xffffff;
      const count = u32be(b, at + 4);
      at += 8 + (tf & 0x1 ? 4 : 0) + (tf & 0x4 ? 4 : 0);
      const per = ((tf & 0x100 ? 4 : 0) + (tf & 0x200 ? 4 : 0) + (tf & 0x400 ? 4 : 0) + (tf & 0x800 ? 4 : 0));
      for (let k = 0; k < count && at + per <= trun.end; k++, at += per) start += tf & 0x100 ? u32be(b, at) : tfhdDur;
      end = Math.max(end, start);
    }
  }
  return trackScale && end ? end / trackScale : null;
}

/** WAV: the data chunk's bytes over the fmt chunk's byte rate. */
function wavDuration(b: Uint8Array): number | null {
  let byteRate = 0;
  let data = 0;
  for (let i = 12; i + 8 <= b.length; ) {
    const size = u32le(b, i + 4);
    if (tag(b, i) === "fmt ") byteRate = u32le(b, i + 16);
    if (tag(b, i) === "data") data = Math.min(size, b.length - i - 8);
    i += 8 + size + (size % 2);
  }
  return byteRate ? data / byteRate : null;
}

const MP3_KBPS = [
  [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320], // MPEG-1 layer III
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160], // MPEG-2/2.5 layer III
];
const MP3_RATES = [44100, 48000, 32000];

/** MP3 (layer III): frames walked one by one, each 1152 (MPEG-1) or 576 samples. */
function mp3Duration(b: Uint8Array): number | null {
  let i = 0;
  if (tag(b, 0).startsWith("ID3")) i = 10 + (((b[6] ?? 0) & 0x7f) << 21 | ((b[7] ?? 0) & 0x7f) << 14 | ((b[8] ?? 0) & 0x7f) << 7 | ((b[9] ?? 0) & 0x7f));
  let seconds = 0;
  let frames = 0;
  while (i + 4 <= b.length && b[i] === 0xff && ((b[i + 1] ?? 0) & 0xe0) === 0xe0) {
    const ver = ((b[i + 1] ?? 0) >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
    const layer = ((b[i + 1] ?? 0) >> 1) & 3;
    const kbps = MP3_KBPS[ver === 3 ? 0 : 1]?.[(b[i + 2] ?? 0) >> 4] ?? 0;
    const base = MP3_RATES[((b[i + 2] ?? 0) >> 2) & 3];
    if (ver === 1 || layer !== 1 || !kbps || !base) break;
    const rate = ver === 3 ? base : ver === 2 ? base / 2 : base / 4;
    const samples = ver === 3 ? 1152 : 576;
    const len = Math.floor(((samples / 8) * kbps * 1000) / rate) + (((b[i + 2] ?? 0) >> 1) & 1);
    seconds += samples / rate;
    frames++;
    i += len;
  }
  return frames ? seconds : null;
}

/** AMR-NB frame sizes (bytes after the 1-byte header) by frame type; 20 ms per frame. */
const AMR_SIZES = [12, 13, 15, 17, 19, 20, 26, 31, 5, 0, 0, 0, 0, 0, 0, 0];

function amrDuration(b: Uint8Array): number | null {
  if (tag(b, 0) !== "#!AM" || b[4] !== 0x52 || b[5] !== 0x0a) return null;
  let frames = 0;
  for (let i = 6; i < b.length; frames++) i += 1 + (AMR_SIZES[((b[i] ?? 0) >> 3) & 0xf] ?? 0);
  return frames * 0.02;
}
