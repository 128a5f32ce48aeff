import type { TFunction } from "i18next";
import { actorLabel } from "../../../../common/system-actors.js";

/**
 * The name a timeline shows for one history row: the person's display name, or the translated
 * label of a system actor (系统（超时自动升级）rather than the raw `system:sweeper`). `stored` is
 * the raw actor name where the response has it (an appeal's `actorUsername`), so a person's
 * display name is never mistaken for a system actor; the rating history only has the shown name.
 */
export function actorDisplayName(t: TFunction, stored: string, shown: string): string {
  const label = actorLabel(stored);
  return label.kind === "person" ? shown : t(`actor.system.${label.name}`);
}

/** A history row's note: the sweeper writes `timeout` (a code, not prose), shown as 超过办理时限. */
export function historyNote(t: TFunction, stored: string, note: string): string {
  const label = actorLabel(stored);
  return note === "timeout" && label.kind === "system" && label.name === "sweeper" ? t("actor.system.timeoutNote") : note;
}
