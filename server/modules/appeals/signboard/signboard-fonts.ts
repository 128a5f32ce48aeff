import { readFile } from "node:fs/promises";
import { join } from "node:path";
import fontkit, { type Font } from "@pdf-lib/fontkit";
import subsetFont from "subset-font";

export type FontWeight = "regular" | "bold";

/** The committed GB 2312 subsets (scripts/gen-font.ts). */
export const FONT_DIR = join(import.meta.dirname, "..", "..", "..", "..", "resources", "fonts");
export const FONT_FILES: Readonly<Record<FontWeight, string>> = {
  regular: "NotoSansSC-GB2312-Regular.ttf",
  bold: "NotoSansSC-GB2312-Bold.ttf",
};

interface LoadedFace {
  // A Buffer, not a bare Uint8Array: subset-font's format sniffing calls Buffer methods on it.
  bytes: Buffer;
  font: Font;
  /** advance width in font units, per string */
  widths: Map<string, number>;
}

/** The two faces, with coverage, measuring and render-time subsetting. */
export interface SignboardFonts {
  /** Whether both faces have a glyph for the code point */
  covers(codePoint: number): boolean;
  /** Width in points, as pdf-lib will advance it (sum of glyph advances, no kerning) */
  measure(text: string, weight: FontWeight, size: number): number;
  /** A TrueType font holding only the glyphs `text` needs, ready for embedFont(…, { subset: false }) */
  subset(weight: FontWeight, text: string): Promise<Uint8Array>;
}

let cached: Promise<SignboardFonts> | undefined;

async function loadFace(weight: FontWeight): Promise<LoadedFace> {
  const bytes = await readFile(join(FONT_DIR, FONT_FILES[weight]));
  return { bytes, font: fontkit.create(bytes), widths: new Map() };
}

/**
 * Loads the committed fonts once per process (they are read-only resources, ~2.3 MB each).
 * @throws when resources/fonts is missing (regenerate with `npx tsx scripts/gen-font.ts`)
 */
export function loadSignboardFonts(): Promise<SignboardFonts> {
  cached ??= (async () => {
    const [regular, bold] = await Promise.all([loadFace("regular"), loadFace("bold")]);
    const faces: Record<FontWeight, LoadedFace> = { regular, bold };
    return {
      covers: (cp) => regular.font.hasGlyphForCodePoint(cp) && bold.font.hasGlyphForCodePoint(cp),
      measure(text, weight, size) {
        const face = faces[weight];
        let units = face.widths.get(text);
        if (units === undefined) {
          units = face.font.layout(text).glyphs.reduce((sum, g) => sum + g.advanceWidth, 0);
          face.widths.set(text, units);
        }
        return (units / face.font.unitsPerEm) * size;
      },
      async subset(weight, text) {
        return new Uint8Array(await subsetFont(faces[weight].bytes, text, { targetFormat: "truetype" }));
      },
    };
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
