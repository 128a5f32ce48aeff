import type { OrgLevel } from "../../../common/roles.js";
import type { OrgKind } from "../../../common/contract/org.contract.js";

/**
 * Pure rules for the National Bureau of Statistics' 12-digit 统计用区划代码
 * (2 province + 2 city + 2 county + 3 town + 3 village), see PRACTICE.md §5.1.
 */
export interface DivisionRecord {
  /** Short form: 2, 4, 6, 9 or 12 digits. */
  code: string;
  name: string;
}

const LEVEL_BY_LENGTH: Record<number, OrgLevel> = { 2: "province", 4: "city", 6: "district", 9: "town", 12: "village" };

export function isValidPrefix(code: string): boolean {
  return /^\d+$/.test(code) && [2, 4, 6, 9, 12].includes(code.length);
}

/** 440514109000 → 440514109; short codes pass through; null when malformed. */
export function shortCode(code: string): string | null {
  const c = code.trim();
  if (!/^\d+$/.test(c)) return null;
  if ([2, 4, 6, 9].includes(c.length)) return c;
  if (c.length !== 12) return null;
  if (c.slice(2) === "0000000000") return c.slice(0, 2);
  if (c.slice(4) === "00000000") return c.slice(0, 4);
  if (c.slice(6) === "000000") return c.slice(0, 6);
  if (c.slice(9) === "000") return c.slice(0, 9);
  return c;
}

export function levelOf(code: string): OrgLevel {
  const level = LEVEL_BY_LENGTH[code.length];
  if (!level) throw new Error(`not a division code: ${code}`);
  return level;
}

export function parentCode(code: string): string | null {
  switch (code.length) {
    case 2:
      return null;
    case 4:
      return code.slice(0, 2);
    case 6:
      return code.slice(0, 4);
    case 9:
      return code.slice(0, 6);
    case 12:
      return code.slice(0, 9);
    default:
      return null;
  }
}

/** Kind from the code's digits: town digits 7–9, village digits 10–12 (NBS coding rules). */
export function kindOf(code: string, name: string): OrgKind {
  const level = levelOf(code);
  switch (level) {
    case "province":
      return "province";
    case "city":
      return "city";
    case "district":
      if (name.endsWith("县") || name.endsWith("自治县")) return "county";
      if (name.endsWith("市")) return "cityDistrict";
      return "district";
    case "town": {
      const n = Number(code.slice(6, 9));
      if (n < 100) return "street";
      if (n < 200) return "town";
      if (n < 400) return "township";
      return "quasiTown";
    }
    case "village": {
      const n = Number(code.slice(9, 12));
      if (n < 200) return "community";
      if (n < 400) return "rural";
      return "quasiVillage";
    }
    case "grid":
      return "grid";
  }
}

/**
 * The display name: 村委会/村民委员会 → 村, 居委会/居民委员会 → 社区 (how officials speak of them);
 * the official name is kept beside it.
 */
export function displayName(code: string, officialName: string): string {
  if (code.length !== 12) return officialName;
  const rules: [RegExp, string][] = [
    [/村民委员会$/, "村"],
    [/村委会$/, "村"],
    [/社区居民委员会$/, "社区"],
    [/社区居委会$/, "社区"],
    [/居民委员会$/, "社区"],
    [/居委会$/, "社区"],
  ];
  for (const [re, suffix] of rules) if (re.test(officialName)) return officialName.replace(re, suffix);
  return officialName;
}

/**
 * 涉农 default (PRACTICE.md §6.4): 镇/乡 and 村委会 are agricultural; a street (or 类似乡级 unit)
 * is when it contains at least one 村委会; a community is not until a user marks it.
 */
export function defaultAgricultural(kind: OrgKind, hasRuralChild: boolean): boolean {
  switch (kind) {
    case "town":
    case "township":
    case "rural":
    case "province":
    case "city":
    case "district":
    case "county":
    case "cityDistrict":
      return true;
    case "street":
    case "quasiTown":
      return hasRuralChild;
    case "community":
    case "quasiVillage":
    case "grid":
      return false;
  }
}

/**
 * A code as people type it: short (4405), 12-digit (440500000000) or the 6-digit GB/T 2260 form
 * of a city or province (440500, 440000). Returns the short form, or null.
 */
export function normaliseUserCode(input: string): string | null {
  const c = input.trim();
  if (!/^\d+$/.test(c)) return null;
  if (c.length === 6 && c.endsWith("0000")) return c.slice(0, 2);
  if (c.length === 6 && c.endsWith("00")) return c.slice(0, 4);
  return shortCode(c);
}
