import { describe, expect, it } from "vitest";
import { checkPhoto, checkVoice, stripJpegMetadata, stripPngMetadata } from "./uploads.js";
import { PHOTO_MAX_BYTES } from "../../../../common/appeals.js";
import { jpegWithExif, pngWithExif } from "./upload-fixtures.js";


describe("residents' uploads", () => {
  it("strips the JPEG EXIF segment and keeps the rest byte for byte", () => {
    const src = jpegWithExif();
    const out = stripJpegMetadata(src);
    expect(Buffer.from(out).includes(Buffer.from("GPS!"))).toBe(false);
    expect(Array.from(out)).toEqual([0xff, 0xd8, 0xff, 0xdb, 0x00, 0x04, 0x00, 0x01, 0xff, 0xda, 0x00, 0x02, 0x11, 0x22, 0xff, 0xd9]);
  });

  it("strips PNG eXIf chunks", () => {
    const out = stripPngMetadata(pngWithExif());
    expect(Buffer.from(out).includes(Buffer.from("GPS!"))).toBe(false);
    expect(Buffer.from(out).includes(Buffer.from("IEND"))).toBe(true);
  });

  it("keeps the position only when the resident opts in", () => {
    const kept = checkPhoto(jpegWithExif(), true);
    expect(kept.ok && Buffer.from(kept.bytes).includes(Buffer.from("GPS!"))).toBe(true);
    const cleaned = checkPhoto(jpegWithExif(), false);
    expect(cleaned).toMatchObject({ ok: true, type: "image/jpeg" });
    expect(cleaned.ok && Buffer.from(cleaned.bytes).includes(Buffer.from("GPS!"))).toBe(false);
  });

  it("judges by content, not by name: text, HTML and oversized files are refused", () => {
    expect(checkPhoto(Buffer.from("<script>alert(1)</script>"), false)).toEqual({ ok: false, problem: "badType" });
    expect(checkPhoto(new Uint8Array(0), false)).toEqual({ ok: false, problem: "empty" });
    const big = new Uint8Array(PHOTO_MAX_BYTES + 1);
    big.set([0xff, 0xd8, 0xff]);
    expect(checkPhoto(big, false)).toEqual({ ok: false, problem: "tooLarge" });
    expect(checkVoice(Buffer.from("OggS\0rest"))).toMatchObject({ ok: true, type: "audio/ogg" });
    expect(checkVoice(Buffer.from("MZ\x90\0"))).toEqual({ ok: false, problem: "badType" });
  });
});
