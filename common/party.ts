/**
 * Party organisations, members and organisational life (GLOSSARY "Party organisation and
 * people"): the closed vocabularies both the server and the web use.
 */
export const PARTY_ORG_KINDS = ["committee", "generalBranch", "branch"] as const;
/** 党委 / 党总支 / 党支部. */
export type PartyOrgKind = (typeof PARTY_ORG_KINDS)[number];

export const MEMBER_STATUSES = ["full", "probationary"] as const;
/** 正式党员 / 预备党员. */
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const GENDERS = ["male", "female"] as const;
export type MemberGender = (typeof GENDERS)[number];

/** Highest completed education, in the categories of the party's statistical returns. */
export const EDUCATION_LEVELS = [
  "primary",
  "juniorHigh",
  "seniorHigh",
  "secondaryVocational",
  "juniorCollege",
  "bachelor",
  "master",
  "doctorate",
] as const;
export type Education = (typeof EDUCATION_LEVELS)[number];

/** 三会一课, 主题党日, 组织生活会, 民主评议党员. */
export const MEETING_TYPES = [
  "memberAssembly",
  "branchCommittee",
  "groupMeeting",
  "partyLecture",
  "themeDay",
  "lifeMeeting",
  "democraticReview",
] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];

export const ATTENDANCE_STATUSES = ["present", "excused", "absent"] as const;
/** 出席 / 请假 / 缺席. */
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export type Cadence = "monthly" | "quarterly" | "yearly";

/**
 * How often each meeting is due under the branch work regulations (中国共产党支部工作条例(试行)):
 * assembly and lecture quarterly, committee, group and theme day monthly, life meeting and
 * democratic review yearly. One meeting per period satisfies it.
 */
export const MEETING_CADENCE: Record<MeetingType, Cadence> = {
  memberAssembly: "quarterly",
  branchCommittee: "monthly",
  groupMeeting: "monthly",
  partyLecture: "quarterly",
  themeDay: "monthly",
  lifeMeeting: "yearly",
  democraticReview: "yearly",
};

export const PERIODS_PER_YEAR: Record<Cadence, number> = { monthly: 12, quarterly: 4, yearly: 1 };

/** The kinds of organisation the branch cadence applies to (a 党委 has its own rules). */
export const CADENCE_KINDS: readonly PartyOrgKind[] = ["branch", "generalBranch"];

/** Red/amber/green of one month in the compliance view; `pending` = its periods have not ended. */
export const COMPLIANCE_LEVELS = ["green", "amber", "red", "pending", "notApplicable"] as const;
export type ComplianceLevel = (typeof COMPLIANCE_LEVELS)[number];

/** Uploads allowed as meeting minutes' attachments. */
export const ATTACHMENT_TYPES: Readonly<Record<string, string>> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
};
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const IMPORT_MAX_BYTES = 30 * 1024 * 1024;
