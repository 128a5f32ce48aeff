/**
 * Deterministic synthetic people for the demo (no real person's data): a seeded PRNG, Chaoshan
 * surnames, ID numbers with real birth dates and valid MOD 11-2 check digits, mobile numbers.
 * Pure: the same seed gives the same population on every machine.
 */
import { computeCheckDigit } from "../../../../common/idcard.js";
import { addYears } from "../../../../common/member-rules.js";
import type { Education, MemberGender } from "../../../../common/party.js";

/** sfc32 seeded from a string: small, fast, good enough for demo data. */
export function prng(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  const next = (): number => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
  let a = next();
  let b = next();
  let c = next();
  let d = next();
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

export type Rand = () => number;

export function pick<T>(r: Rand, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

export function int(r: Rand, min: number, max: number): number {
  return min + Math.floor(r() * (max - min + 1));
}

/** A v4-shaped UUID from the PRNG (deterministic ids keep rosters and screenshots stable). */
export function uuidFrom(r: Rand): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16));
  hex[12] = "4";
  hex[16] = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

// Common surnames of the Chaoshan region, roughly by frequency (repeats weight them).
const SURNAMES = "陈陈陈陈林林林黄黄李李张张吴郑蔡许杨王刘谢洪翁周肖方庄姚余赵马卢苏沈纪柯钟佘詹魏邱郭曾彭";
const GIVEN = "伟强明华建国志平德荣文斌海涛俊杰少雄锦辉振宏鸿泽桂芳秀英丽娟淑珍燕玲美霞佩瑜晓静雪梅丹婷惠敏素贞";

export function chineseName(r: Rand, gender: MemberGender): string {
  const surname = pick(r, [...SURNAMES]);
  const pool = [...GIVEN];
  // The second half of the pool leans female; keeps the demo's names plausible for the gender.
  const half = Math.floor(pool.length / 2);
  const from = gender === "female" ? pool.slice(half) : pool.slice(0, half + 8);
  const first = pick(r, from);
  return r() < 0.25 ? `${surname}${first}` : `${surname}${first}${pick(r, from)}`;
}

/** An 18-digit ID number: address code, birth date, sequence (odd = male), check digit. */
export function idNumber(addressCode: string, birthDate: string, sequence: number, gender: MemberGender): string {
  const seq = gender === "male" ? sequence | 1 : sequence & ~1;
  const body = `${addressCode}${birthDate.replace(/-/g, "")}${String(seq % 1000).padStart(3, "0")}`;
  return body + computeCheckDigit(body);
}

const MOBILE_PREFIXES = ["134", "135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "182", "183", "187", "188", "130", "131", "132", "155", "156", "185", "186", "133", "153", "180", "189", "199", "177"];

export function mobile(r: Rand): string {
  return `${pick(r, MOBILE_PREFIXES)}${String(int(r, 0, 99_999_999)).padStart(8, "0")}`;
}

export const WORKPLACES = ["广东省深圳市", "广东省广州市", "广东省东莞市", "广东省佛山市", "上海市", "浙江省杭州市", "福建省厦门市", "广东省揭阳市"];
export const EXCUSES = ["外出务工", "身体不适", "家中有事", "农忙", "出差", "照顾病人"];

/** Older rural members have less schooling: education drawn by birth decade. */
export function education(r: Rand, birthYear: number): Education {
  const x = r();
  if (birthYear < 1955) return x < 0.45 ? "primary" : x < 0.85 ? "juniorHigh" : "seniorHigh";
  if (birthYear < 1970) return x < 0.15 ? "primary" : x < 0.6 ? "juniorHigh" : x < 0.85 ? "seniorHigh" : x < 0.95 ? "secondaryVocational" : "juniorCollege";
  if (birthYear < 1985) return x < 0.3 ? "juniorHigh" : x < 0.6 ? "seniorHigh" : x < 0.75 ? "secondaryVocational" : x < 0.92 ? "juniorCollege" : "bachelor";
  return x < 0.1 ? "seniorHigh" : x < 0.25 ? "secondaryVocational" : x < 0.55 ? "juniorCollege" : x < 0.95 ? "bachelor" : "master";
}

export interface SyntheticPerson {
  name: string;
  gender: MemberGender;
  birthDate: string;
  joinedOn: string;
  education: Education;
}

function isoDay(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/**
 * A plausible rural party member: aged 24–88 (skewed older), 72% male, joined between 20 and
 * 45 (never in the last year unless probationary, which joined 2–11 months before `today`).
 */
export function person(r: Rand, today: string, probationary: boolean): SyntheticPerson {
  const gender: MemberGender = r() < 0.72 ? "male" : "female";
  const thisYear = Number(today.slice(0, 4));
  const age = probationary ? int(r, 22, 40) : 24 + Math.floor(64 * Math.pow(r(), 0.85));
  const birthDate = isoDay(thisYear - age - 1, int(r, 1, 12), int(r, 1, 28));
  let joinedOn: string;
  if (probationary) {
    const monthsAgo = int(r, 2, 11);
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() - monthsAgo);
    joinedOn = isoDay(d.getUTCFullYear(), d.getUTCMonth() + 1, Math.min(28, int(r, 1, 28)));
  } else {
    const joinAge = Math.min(age - 2, int(r, 20, 45));
    joinedOn = addYears(birthDate, joinAge).replace(/-\d{2}$/, `-${String(int(r, 1, 28)).padStart(2, "0")}`);
    const lastYear = addYears(today, -1);
    if (joinedOn > lastYear) joinedOn = addYears(lastYear, -1);
  }
  return { name: chineseName(r, gender), gender, birthDate, joinedOn, education: education(r, Number(birthDate.slice(0, 4))) };
}
