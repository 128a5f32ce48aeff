/** Tiny images carrying a fake GPS block, for upload tests. */
/** A JPEG skeleton: SOI, an APP1 Exif segment (where GPS lives), a DQT, SOS and data, EOI. */
export function jpegWithExif(): Uint8Array {
  const exif = [0xff, 0xe1, 0x00, 0x0c, ...Buffer.from("Exif\0\0GPS!")];
  const dqt = [0xff, 0xdb, 0x00, 0x04, 0x00, 0x01];
  return Uint8Array.from([0xff, 0xd8, ...exif, ...dqt, 0xff, 0xda, 0x00, 0x02, 0x11, 0x22, 0xff, 0xd9]);
}

function chunk(type: string, data: number[]): number[] {
  const len = data.length;
  return [(len >>> 24) & 255, (len >>> 16) & 255, (len >>> 8) & 255, len & 255, ...Buffer.from(type), ...data, 0, 0, 0, 0];
}

export function pngWithExif(): Uint8Array {
  return Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...chunk("IHDR", new Array(13).fill(1)), ...chunk("eXIf", [...Buffer.from("GPS!")]), ...chunk("IEND", [])]);
}

