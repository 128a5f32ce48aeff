/**
 * Voice notes of a chosen length in each container the page (or an old phone) sends, built from
 * the bytes the formats define — only the fields that carry time are real; the audio is silence.
 */
const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const le32 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];
const le16 = (n: number) => [n & 255, (n >>> 8) & 255];
const ascii = (s: string) => [...Buffer.from(s, "latin1")];

function ebml(id: number[], body: number[], unknownSize = false): number[] {
  if (unknownSize) return [...id, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, ...body];
  return [...id, 0x08, ...be32(body.length), ...body]; // a 5-byte size
}

/** WebM as MediaRecorder writes it: no Duration, an unknown-size Segment and Clusters of Opus blocks every 20 ms. */
export function webmVoice(seconds: number, withDuration = false): Uint8Array {
  const header = ebml([0x1a, 0x45, 0xdf, 0xa3], [...ebml([0x42, 0x82], ascii("webm"))]);
  const info = ebml([0x15, 0x49, 0xa9, 0x66], [
    ...ebml([0x2a, 0xd7, 0xb1], [0x0f, 0x42, 0x40]), // TimecodeScale 1 000 000 ns
    ...(withDuration ? ebml([0x44, 0x89], [...new Uint8Array(new Float64Array([seconds * 1000]).buffer)].reverse()) : []),
  ]);
  const clusters: number[] = [];
  const ms = Math.round(seconds * 1000);
  for (let start = 0; start < ms; start += 5000) {
    const blocks: number[] = [];
    for (let rel = 0; rel < 5000 && start + rel < ms; rel += 20) blocks.push(...ebml([0xa3], [0x81, (rel >> 8) & 255, rel & 255, 0x80, 0xfc, 0xff, 0xfe]));
    clusters.push(...ebml([0x1f, 0x43, 0xb6, 0x75], [...ebml([0xe7], be32(start)), ...blocks], true));
  }
  return Uint8Array.from([...header, ...ebml([0x18, 0x53, 0x80, 0x67], [...info, ...clusters], true)]);
}

function oggPage(granule: number, serial: number, seq: number, body: number[], flags = 0): number[] {
  const segs: number[] = [];
  let left = body.length;
  while (left >= 255) {
    segs.push(255);
    left -= 255;
  }
  segs.push(left);
  const lo = granule < 0 ? 0xffffffff : granule % 2 ** 32;
  const hi = granule < 0 ? 0xffffffff : Math.floor(granule / 2 ** 32);
  return [...ascii("OggS"), 0, flags, ...le32(lo), ...le32(hi), ...le32(serial), ...le32(seq), 0, 0, 0, 0, segs.length, ...segs, ...body];
}

/** Ogg/Opus as Firefox records it: OpusHead (pre-skip 312), OpusTags, then a page a second. */
export function oggVoice(seconds: number): Uint8Array {
  const head = [...ascii("OpusHead"), 1, 1, ...le16(312), ...le32(48000), 0, 0, 0];
  const pages = [...oggPage(0, 7, 0, head, 2), ...oggPage(0, 7, 1, [...ascii("OpusTags"), 0, 0, 0, 0, 0, 0, 0, 0])];
  for (let s = 1; s <= Math.ceil(seconds); s++) pages.push(...oggPage(312 + Math.min(s, seconds) * 48000, 7, s + 1, new Array(50).fill(0xfc)));
  return Uint8Array.from(pages);
}

function box(type: string, body: number[]): number[] {
  return [...be32(8 + body.length), ...ascii(type), ...body];
}

/** MP4/AAC with its length in mvhd (an .m4a from a phone's recorder). */
export function mp4Voice(seconds: number): Uint8Array {
  const mvhd = box("mvhd", [0, 0, 0, 0, ...be32(0), ...be32(0), ...be32(1000), ...be32(Math.round(seconds * 1000)), ...new Array(80).fill(0)]);
  return Uint8Array.from([...box("ftyp", [...ascii("M4A "), 0, 0, 0, 0]), ...box("moov", mvhd), ...box("mdat", new Array(64).fill(0))]);
}

/** Fragmented MP4 as Safari's MediaRecorder writes it: mvhd 0, one moof per second of 1024-sample AAC frames. */
export function fragmentedMp4Voice(seconds: number): Uint8Array {
  const rate = 48000;
  const mvhd = box("mvhd", [0, 0, 0, 0, ...be32(0), ...be32(0), ...be32(1000), ...be32(0), ...new Array(80).fill(0)]);
  const mdhd = box("mdhd", [0, 0, 0, 0, ...be32(0), ...be32(0), ...be32(rate), ...be32(0), 0, 0, 0, 0]);
  const trak = box("trak", box("mdia", mdhd));
  const mvex = box("mvex", box("trex", [0, 0, 0, 0, ...be32(1), ...be32(1), ...be32(1024), ...be32(0), ...be32(0)]));
  const frags: number[] = [];
  const frames = Math.round((seconds * rate) / 1024);
  for (let at = 0, seq = 1; at < frames; at += 47, seq++) {
    const n = Math.min(47, frames - at);
    const tfhd = box("tfhd", [0, 0, 0, 0, ...be32(1)]); // no default duration: trex's applies
    const tfdt = box("tfdt", [0, 0, 0, 0, ...be32(at * 1024)]);
    const trun = box("trun", [0, 0, 0x02, 0x00, ...be32(n), ...new Array(n).fill(be32(6)).flat()]); // sizes only
    frags.push(...box("moof", [...box("mfhd", [0, 0, 0, 0, ...be32(seq)]), ...box("traf", [...tfhd, ...tfdt, ...trun])]), ...box("mdat", new Array(n * 6).fill(0)));
  }
  return Uint8Array.from([...box("ftyp", [...ascii("iso5"), 0, 0, 0, 0]), ...box("moov", [...mvhd, ...trak, ...mvex]), ...frags]);
}

/** 8 kHz 16-bit mono PCM. */
export function wavVoice(seconds: number): Uint8Array {
  const data = Math.round(seconds * 16000);
  const fmt = [...ascii("fmt "), ...le32(16), ...le16(1), ...le16(1), ...le32(8000), ...le32(16000), ...le16(2), ...le16(16)];
  return Uint8Array.from([...ascii("RIFF"), ...le32(4 + fmt.length + 8 + data), ...ascii("WAVE"), ...fmt, ...ascii("data"), ...le32(data), ...new Array(data).fill(0)]);
}

/** AMR-NB 12.2 kbit/s: 32-byte frames of 20 ms. */
export function amrVoice(seconds: number): Uint8Array {
  const frames = Math.round(seconds / 0.02);
  const frame = [0x3c, ...new Array(31).fill(0)];
  return Uint8Array.from([...ascii("#!AMR\n"), ...new Array(frames).fill(frame).flat()]);
}

/** MPEG-1 layer III, 32 kbit/s at 32 kHz: 144-byte frames of 36 ms. */
export function mp3Voice(seconds: number): Uint8Array {
  const frames = Math.round(seconds / (1152 / 32000));
  const frame = [0xff, 0xfb, 0x18, 0xc4, ...new Array(140).fill(0)];
  return Uint8Array.from(new Array(frames).fill(frame).flat());
}
