// subset-font 2.9.0 ships no types; only the options zhenxing uses are declared.
declare module "subset-font" {
  interface SubsetFontOptions {
    targetFormat?: "sfnt" | "truetype" | "woff" | "woff2";
    preserveNameIds?: number[];
    keepFeatures?: string[];
    noLayoutClosure?: boolean;
    noHinting?: boolean;
    dropTables?: string[];
    keepAllGlyphs?: boolean;
  }
  /** Cuts a font (SFNT, WOFF or WOFF2) down to the glyphs `text` needs. */
  export default function subsetFont(
    font: Buffer,
    text: string | null | undefined,
    options?: SubsetFontOptions,
  ): Promise<Buffer>;
}
