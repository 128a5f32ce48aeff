/**
 * Cuts Noto Sans SC (Regular and Bold) down to the characters zhenxing prints: GB 2312's 6,763 hanzi
 * and its punctuation, number and full-width rows, ASCII, a few symbols, some common name characters
 * outside GB 2312, and every character of the division names shipped in resources/divisions (village
 * names use hanzi outside GB 2312, e.g. 滘 埇 鮀). Run: npx tsx scripts/gen-font.ts
 * Writes resources/fonts/NotoSansSC-GB2312-{Regular,Bold}.ttf and OFL.txt; the source package
 * (@expo-google-fonts/noto-sans-sc) is only a dev dependency.
 */
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import fontkit from "@pdf-lib/fontkit";
import subsetFont from "subset-font";

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve("@expo-google-fonts/noto-sans-sc/package.json"));
const pkgVersion = (JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as { version: string }).version;
const root = join(import.meta.dirname, "..");
const outDir = join(root, "resources", "fonts");
const divisionsDir = join(root, "resources", "divisions");

/** Decodes every two-byte GB 2312 code in rows [firstRow, lastRow] (EUC-CN bytes 0xA1–0xFE). */
function gbRows(firstRow: number, lastRow: number, skip: (row: number, cell: number) => boolean = () => false): string[] {
  // GBK is a superset of GB 2312 with the same EUC-CN codes, so decoding a GB 2312 code is exact.
  const decoder = new TextDecoder("gbk", { fatal: true });
  const out: string[] = [];
  for (let row = firstRow; row <= lastRow; row++) {
    for (let cell = 0xa1; cell <= 0xfe; cell++) {
      if (skip(row, cell)) continue;
      try {
        const ch = decoder.decode(new Uint8Array([row, cell]));
        // Codes GB 2312 leaves empty in rows 1–9 decode to private-use code points: not characters.
        const cp = ch.codePointAt(0) ?? 0;
        if (ch !== "\uFFFD" && !(cp >= 0xe000 && cp <= 0xf8ff)) out.push(ch);
      } catch {
        // unassigned in GBK as well: nothing to keep
      }
    }
  }
  return out;
}

// Level 1 (B0A1–D7F9) and level 2 (D8A1–F7FE); D7FA–D7FE are unassigned in GB 2312 but filled by GBK.
const hanzi = gbRows(0xb0, 0xf7, (row, cell) => row === 0xd7 && cell >= 0xfa);
if (hanzi.length !== 6763) throw new Error(`expected 6763 GB 2312 hanzi, decoded ${hanzi.length}`);

// Row 1 punctuation and symbols, row 2 numbering (①⑴⒈Ⅰ), row 3 full-width ASCII, row 8 pinyin letters.
const gbSymbols = [...gbRows(0xa1, 0xa3), ...gbRows(0xa8, 0xa8)];
const ascii = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
const extraSymbols = [..."¥•–—…·〇□■●○◆◇★☆※√×÷±°℃№✓☎㎡→←↑↓▲△▼▽"];
// Hanzi outside GB 2312 that turn up in given names (堃 喆 玥 珺 …) and 啰 from 通用规范汉字表 level 1:
// a few kilobytes that spare many workers a □ on their board.
const nameExtras = [..."堃喆玥珺昇赟琤旻翀彧祎禛曌頔晞瑄璟璠瑢淏燊垚犇晧暐玙镕禕妘婳嬿啟芃偲倢宬寯峣瑀瑨啰镠珅玹珣琇瑱璘璆珮祐禔焜韡骎湉沄洺嫚嬛姞姮媞崟旸旼晅暻曈燏翚翾鹍鹓杺棻橦"];

function divisionChars(): string[] {
  const out = new Set<string>();
  for (const file of readdirSync(divisionsDir).filter((f) => f.endsWith(".tsv.gz"))) {
    const text = gunzipSync(readFileSync(join(divisionsDir, file))).toString("utf8");
    for (const line of text.split("\n")) {
      if (!line || line.startsWith("#")) continue;
      for (const ch of line.slice(line.indexOf("\t") + 1)) out.add(ch);
    }
  }
  return [...out];
}

const chars = [...new Set([...ascii, ...gbSymbols, ...extraSymbols, ...hanzi, ...nameExtras, ...divisionChars()])];
const text = chars.join("");
copyFileSync(join(pkgDir, "LICENSE_FONT"), join(outDir, "OFL.txt"));

for (const [weightDir, file, style] of [
  ["400Regular", "NotoSansSC_400Regular.ttf", "Regular"],
  ["700Bold", "NotoSansSC_700Bold.ttf", "Bold"],
] as const) {
  const source = readFileSync(join(pkgDir, weightDir, file));
  const sourceFont = fontkit.create(source);
  const absent = chars.filter((ch) => !sourceFont.hasGlyphForCodePoint(ch.codePointAt(0) ?? 0));
  // Unhinted outlines already; hinting tables would add nothing for print.
  const subset = await subsetFont(source, text, { targetFormat: "truetype", noHinting: true });
  const out = join(outDir, `NotoSansSC-GB2312-${style}.ttf`);
  writeFileSync(out, subset);
  console.log(
    `${out}: ${chars.length - absent.length} characters, ${subset.length} bytes` +
      ` (from @expo-google-fonts/noto-sans-sc@${pkgVersion}/${weightDir}/${file})` +
      (absent.length ? `; not in the source font: ${absent.join(" ")}` : ""),
  );
}
