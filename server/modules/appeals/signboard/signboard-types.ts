/** A person printed on the board; the phone arrives already masked (PIPL: never print a full number). */
export interface SignboardPerson {
  name: string;
  /** e.g. "138****5678", or a relay number */
  phoneMasked: string;
}

/** One promised response time, e.g. { label: "小事", limit: "3个工作日" }. */
export interface SignboardPromise {
  label: string;
  limit: string;
}

/** Everything one grid signboard shows. */
export interface SignboardData {
  gridCode: string;
  gridName: string;
  villageName: string;
  townName: string;
  districtName: string;
  /** 网格员, printed after the leader; the board shows up to 9 people in all */
  workers: SignboardPerson[];
  /** 网格长 */
  leader?: SignboardPerson;
  /** What the QR code encodes (see signboardUrl) */
  url: string;
  /** At most 10 */
  promises: SignboardPromise[];
  /** Default 网格服务牌 */
  title?: string;
  /** Default: the tracking hint and the personal-data note */
  footer?: string;
}

/** Paper size; A3 is A4 scaled by √2, so one layout serves both. */
export type SignboardPaper = "A4" | "A3";

/** Characters a board needed that the font does not have (printed as □). */
export interface MissingChars {
  gridCode: string;
  chars: string[];
}

/** The PDF and what could not be printed faithfully. */
export interface RenderedSignboards {
  pdf: Uint8Array;
  /** Every distinct character replaced by □, across all boards, in order of first use */
  missingChars: string[];
  /** The same per board, only for boards that had any */
  missingByBoard: MissingChars[];
}

/** The default promises, from PRACTICE.md §6.6 (30 minutes to contact the reporter, …). */
export const DEFAULT_PROMISES: readonly SignboardPromise[] = [
  { label: "联系群众", limit: "30分钟内" },
  { label: "微事", limit: "当日办结" },
  { label: "小事", limit: "3个工作日" },
  { label: "大事", limit: "7个工作日" },
  { label: "紧急", limit: "2小时" },
];

export const DEFAULT_TITLE = "网格服务牌";
export const DEFAULT_FOOTER = "提交后凭回执编号可随时扫码查询办理进度；您的个人信息仅用于办理本次诉求，依法保护。";
