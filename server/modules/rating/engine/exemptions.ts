import { ELDERLY_AGE } from "../../../../common/rating.js";
import type { Scheme } from "./schema.js";

/** The exemption age when a member scheme does not set one (年老体弱: 75 on 1 January); the web's editor shows the same. */
export const DEFAULT_ELDERLY_AGE = ELDERLY_AGE;

/** The category code members fall in by age; its `minAge` is the scheme's setting. */
export const ELDERLY_CATEGORY = "elderly";

/** The age on 1 January of the scheme year from which a member is `elderly` under this scheme. */
export function elderlyMinAge(scheme: Pick<Scheme, "categories">): number {
  return scheme.categories.find((c) => c.code === ELDERLY_CATEGORY)?.minAge ?? DEFAULT_ELDERLY_AGE;
}
