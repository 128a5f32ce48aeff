import { catalogs } from "./catalogs.js";

export type Locale = "zh-CN" | "en";

/** Picks the locale from an Accept-Language header: English only when asked for first, zh-CN otherwise. */
export function pickLocale(acceptLanguage: string | undefined | null): Locale {
  if (!acceptLanguage) return "zh-CN";
  for (const part of acceptLanguage.split(",")) {
    const tag = part.split(";")[0]?.trim().toLowerCase() ?? "";
    if (tag.startsWith("zh")) return "zh-CN";
    if (tag.startsWith("en")) return "en";
  }
  return "zh-CN";
}

function lookup(locale: Locale, key: string): string | undefined {
  return catalogs[locale][key] ?? catalogs["zh-CN"][key];
}

/** Translates a message key; unknown keys fall back to zh-CN, then to the key itself. */
export function translate(locale: Locale, key: string, params?: Record<string, string | number>): string {
  const template = lookup(locale, key) ?? key;
  if (!params) return template;
  return template.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) return `{{${name}}}`;
    // A param that is itself a message key (e.g. `field.username`) is translated too.
    const text = String(value);
    // A list of keys ("level.town/level.village") is translated item by item.
    const parts = text.split("/");
    if (!parts.every((p) => /^[a-z]+\.[\w.]+$/.test(p))) return text;
    return parts.map((p) => lookup(locale, p) ?? (p.startsWith("field.") ? p.slice(6) : p)).join(" / ");
  });
}

/** The label of a field for error messages (`username` → 用户名); falls back to the path itself. */
export function fieldLabel(locale: Locale, path: string): string {
  const last = path.split(".").filter((p) => !/^\d+$/.test(p)).pop() ?? path;
  return lookup(locale, `field.${last}`) ?? path;
}
