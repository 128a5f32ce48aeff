import i18next, { type PostProcessorModule } from "i18next";
import { initReactI18next, useTranslation } from "react-i18next";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { catalogs } from "../../../common/i18n/catalogs.js";
import type { Locale } from "../../../common/i18n/index.js";
import { zhCN } from "./zh-CN.js";
import { en } from "./en.js";

export type { Locale };
export const LOCALES: readonly Locale[] = ["zh-CN", "en"];
const STORAGE_KEY = "zx.lang";

function storedLocale(): Locale {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === "en" ? "en" : "zh-CN";
  } catch {
    return "zh-CN";
  }
}

function applyLocale(locale: Locale): void {
  dayjs.locale(locale === "en" ? "en" : "zh-cn");
  document.documentElement.lang = locale;
}

const initial = storedLocale();
applyLocale(initial);

// Keys are flat and dotted (`role.townAdmin`), like the shared catalogs, so no key separator.
// UI strings come first; roles, levels, field labels and error texts fall back to the shared catalogs.
// The shared English catalogs are lower-case for use mid-sentence (`"username" is required`); as
// labels, headers and tags they start with a capital.
const ucFirstEnglish: PostProcessorModule = {
  type: "postProcessor",
  name: "ucFirstEnglish",
  process: (value: string, _key: string | string[], _options: unknown, translator: { language?: string }) =>
    translator.language === "en" && value ? value.charAt(0).toUpperCase() + value.slice(1) : value,
};

void i18next.use(initReactI18next).use(ucFirstEnglish).init({
  lng: initial,
  fallbackLng: "zh-CN",
  resources: {
    "zh-CN": { ui: zhCN, common: catalogs["zh-CN"] },
    en: { ui: en, common: catalogs.en },
  },
  ns: ["ui", "common"],
  defaultNS: "ui",
  fallbackNS: "common",
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  postProcess: ["ucFirstEnglish"],
  returnNull: false,
});

export const i18n = i18next;

export function currentLocale(): Locale {
  return i18next.language === "en" ? "en" : "zh-CN";
}

export async function setLocale(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // private mode: the choice just lasts for this page
  }
  applyLocale(locale);
  await i18next.changeLanguage(locale);
}

/** The current UI locale, re-rendering on change. */
export function useLocale(): Locale {
  const { i18n: inst } = useTranslation();
  return inst.language === "en" ? "en" : "zh-CN";
}
