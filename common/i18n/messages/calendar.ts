import type { DomainMessages } from "../catalogs.js";

/** The official holiday calendar the city keeps (migration 0039). */
export const calendarMessages: DomainMessages = {
  "zh-CN": {
    "calendar.badDate": "日期格式应为 YYYY-MM-DD 且须为真实日期",
    "calendar.badYear": "年份须在 2000–2100 之间",
    "calendar.badKind": "类型须为「放假」(holiday) 或「调休上班」(workday)",
    "calendar.nameRequired": "请填写节日名称（如 春节）",
    "calendar.noDays": "请至少填写一天",
    "calendar.duplicateDate": "日期 {{date}} 在本次提交中重复（与第 {{row}} 行相同）",
    "calendar.workdayOnWeekday": "{{date}} 是工作日，无需标为调休上班；调休上班只能是周六或周日",
    "calendar.dayUnknown": "{{date}} 不是录入的日期",
    "calendar.yearEmpty": "{{year}} 年还没有录入任何日期，不能标记为已完成",
    "field.date": "日期",
    "field.kind": "类型",
    "field.days": "日期列表",
    "field.sourceNote": "依据文件",
    "field.complete": "已完成",
  },
  en: {
    "calendar.badDate": "must be a real date written YYYY-MM-DD",
    "calendar.badYear": "year must be between 2000 and 2100",
    "calendar.badKind": "kind must be holiday or workday (a 调休 make-up working day)",
    "calendar.nameRequired": "give the holiday's name (e.g. 春节)",
    "calendar.noDays": "enter at least one day",
    "calendar.duplicateDate": "{{date}} appears twice in this batch (same as row {{row}})",
    "calendar.workdayOnWeekday": "{{date}} is a weekday and already a working day; only a Saturday or Sunday can be a make-up working day",
    "calendar.dayUnknown": "{{date}} is not an entered day",
    "calendar.yearEmpty": "no days are entered for {{year}}; it cannot be marked complete",
    "field.date": "date",
    "field.kind": "kind",
    "field.days": "days",
    "field.sourceNote": "source document",
    "field.complete": "complete",
  },
};
