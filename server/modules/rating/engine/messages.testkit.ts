import { ratingMessages } from "../../../../common/i18n/messages/rating.js";

/** The keys missing from the rating message file, per language ("en:rating.x"); [] when complete. */
export function catalogsHave(keys: readonly string[]): string[] {
  const missing: string[] = [];
  for (const locale of ["zh-CN", "en"] as const) {
    for (const key of keys) if (!Object.hasOwn(ratingMessages[locale], key)) missing.push(`${locale}:${key}`);
  }
  return missing;
}
