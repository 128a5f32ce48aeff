/**
 * 镇街吹哨、部门报到 (issue 5 item 5): the vocabularies server and web share. Names follow
 * GLOSSARY.md (`dispatch` = whistle, `report` = check in); labels in common/i18n/messages/whistle.ts.
 */

/** PRACTICE §3.10: prominent mass issues, joint enforcement, emergencies. */
export const WHISTLE_KINDS = ["unresolvedDemand", "jointEnforcement", "emergency"] as const;
export type WhistleKind = (typeof WHISTLE_KINDS)[number];

/** Derived from the summons: none checked in / some / all reported / all rated; or called off. */
export const WHISTLE_STATUSES = ["blown", "responding", "handled", "closed", "cancelled"] as const;
export type WhistleStatus = (typeof WHISTLE_STATUSES)[number];

export const SUMMONS_STATUSES = ["summoned", "overdue", "checkedIn", "reported", "rated", "cancelled"] as const;
export type SummonsStatus = (typeof SUMMONS_STATUSES)[number];

export const SUMMONS_EVENTS = ["checkIn", "miss", "report", "rate", "cancel"] as const;
export type SummonsEvent = (typeof SUMMONS_EVENTS)[number];

/** A summons still waiting on its department (counted as open). */
export const OPEN_SUMMONS: readonly SummonsStatus[] = ["summoned", "overdue", "checkedIn"];

export const WHISTLE_TITLE_MAX = 100;
export const WHISTLE_TEXT_MAX = 2000;
export const MAX_SUMMONED = 10;
