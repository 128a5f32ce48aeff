import type { HTMLAttributes } from "react";
import type { Locale } from "../i18n/index.js";

/** Business time is Beijing time whatever the browser's zone (officials compare it with paper records). */
export const BUSINESS_TZ = "Asia/Shanghai";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale): Intl.DateTimeFormat {
  let f = formatters.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", {
      timeZone: BUSINESS_TZ,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(locale, f);
  }
  return f;
}

/** `2026-03-01 08:30:00` in Beijing time. */
export function formatDateTime(iso: string, locale: Locale): string {
  const parts = Object.fromEntries(formatter(locale).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** `data-testid` for props objects (Table's onRow, Modal's okButtonProps): TS allows data-* only as JSX attributes. */
export function testId<T extends object = HTMLAttributes<HTMLElement>>(id: string): T {
  const props: Record<string, string> = { "data-testid": id };
  return props as T;
}
