/**
 * Grids and residents' appeals (issue 5): the vocabularies server and web share. Names follow
 * GLOSSARY.md; zh-CN labels live in common/i18n/messages/appeals.ts.
 */

/** 微事 / 小事 / 大事 / 紧急 (PRACTICE §3.11). */
export const APPEAL_SCALES = ["micro", "small", "major", "urgent"] as const;
export type AppealScale = (typeof APPEAL_SCALES)[number];

/** The escalation ladder, lowest first: grid worker → village → town → district. */
export const HANDLING_LEVELS = ["grid", "village", "town", "district"] as const;
export type HandlingLevel = (typeof HANDLING_LEVELS)[number];

/** resident = QR page; onBehalf = 代办 by a grid worker; patrol = 主动发现; open311 = API clients. */
export const APPEAL_CHANNELS = ["resident", "onBehalf", "patrol", "open311"] as const;
export type AppealChannel = (typeof APPEAL_CHANNELS)[number];

export const APPEAL_STATUSES = [
  "submitted",
  "accepted",
  "inProgress",
  "resolved",
  "closed",
  "returned",
  "escalated",
  "dispatched",
  "rejected",
  "reopened",
] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export const APPEAL_EVENTS = [
  "accept",
  "start",
  "resolve",
  "confirm",
  "autoClose",
  "reopen",
  "return",
  "escalate",
  "dispatch",
  "reject",
  "transfer",
  "extend",
] as const;
export type AppealEvent = (typeof APPEAL_EVENTS)[number];

/**
 * The timeline entry of a deadline the official calendar moved (entering or correcting holidays):
 * not an event of the transition table — the state stays — but history by `system:calendar`,
 * with the old and new due time in its data.
 */
export const DUE_RECOMPUTED_EVENT = "recomputeDue";

/** States in which the appeal still waits on a handler (counted in queues and deadlines). */
export const OPEN_STATUSES: readonly AppealStatus[] = ["submitted", "accepted", "inProgress", "returned", "escalated", "dispatched", "reopened"];

/** Deadline stages: contact the reporter (accept) and get it done (handle); verify follows resolve. */
export const DEADLINE_STAGES = ["accept", "handle", "verify"] as const;
export type DeadlineStage = (typeof DEADLINE_STAGES)[number];

/** How a rule's amount is counted: wall clock, working hours, working days, or the same local day. */
export const DEADLINE_UNITS = ["calendarMinutes", "workingHours", "workingDays", "sameDay"] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

export const NOTIFIER_KINDS = ["wecomRobot", "dingtalkRobot", "webhook"] as const;
export type NotifierKind = (typeof NOTIFIER_KINDS)[number];

export const WARNING_LEVELS = ["yellow", "red"] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

/** A grid code is the village's 12-digit statistical code plus a 3-digit sequence. */
export const GRID_CODE = /^\d{15}$/;

/** Tracking codes avoid look-alike characters (no 0/O, 1/I/L) so they can be read out by phone. */
export const TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const TRACKING_CODE = /^[2-9A-HJKMNP-Z]{10}$/;

export const MAX_PHOTOS = 3;
export const PHOTO_MAX_BYTES = 3 * 1024 * 1024;
export const VOICE_MAX_BYTES = 1024 * 1024;
export const VOICE_MAX_SECONDS = 60;
export const DESCRIPTION_MAX = 2000;
export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export const VOICE_TYPES = ["audio/webm", "audio/ogg", "audio/mp4", "audio/mpeg", "audio/aac", "audio/wav"] as const;
