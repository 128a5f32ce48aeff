import { describe, expect, it } from "vitest";
import { checkVoice, checkVoiceLength, sniffVoice } from "./uploads.js";
import { voiceDurationSeconds } from "./voice-duration.js";
import { amrVoice, fragmentedMp4Voice, mp3Voice, mp4Voice, oggVoice, wavVoice, webmVoice } from "./voice-fixtures.js";

const makers = { webm: webmVoice, ogg: oggVoice, mp4: mp4Voice, fmp4: fragmentedMp4Voice, wav: wavVoice, amr: amrVoice, mp3: mp3Voice };

function length(bytes: Uint8Array): number | null {
  const type = sniffVoice(bytes);
  if (!type) throw new Error("not sniffed as audio");
  return voiceDurationSeconds(bytes, type);
}

describe("voice-note length, read from the container", () => {
  for (const [name, make] of Object.entries(makers)) {
    it(`reads ${name}: 3 s and 59.5 s pass, 75 s is refused as too long`, () => {
      expect(length(make(3))).toBeCloseTo(3, 0);
      expect(length(make(59.5))).toBeCloseTo(59.5, 0);
      expect(checkVoiceLength(make(59.5), sniffVoice(make(59.5)) ?? "audio/webm")).toMatchObject({ ok: true });
      const long = make(75);
      const type = sniffVoice(long) ?? "audio/webm";
      expect(checkVoiceLength(long, type)).toMatchObject({ ok: false, problem: "tooLong" });
    });
  }

  it("reads a WebM's declared Duration when the muxer wrote one, and the blocks when it lies short", () => {
    expect(length(webmVoice(10, true))).toBeCloseTo(10, 1);
    // A MediaRecorder stream has no Duration: the last block's time is the length.
    expect(length(webmVoice(61.98))).toBeCloseTo(61.96, 1);
  });

  it("refuses what has no readable length, and never throws on truncated or hostile bytes", () => {
    expect(checkVoiceLength(Buffer.from("OggS\0rest"), "audio/ogg")).toMatchObject({ ok: false, problem: "unreadable" });
    expect(checkVoiceLength(Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0x80]), "audio/webm")).toMatchObject({ ok: false, problem: "unreadable" });
    for (const make of Object.values(makers)) {
      const full = make(30);
      for (const cut of [5, 40, 333, Math.floor(full.length / 2)]) {
        const type = sniffVoice(full) ?? "audio/webm";
        expect(() => voiceDurationSeconds(full.subarray(0, cut), type)).not.toThrow();
      }
    }
    expect(checkVoice(amrVoice(1))).toMatchObject({ ok: true, type: "audio/amr" });
  });
});
