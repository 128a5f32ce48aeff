import type { Scheme } from "../schema.js";

/**
 * Default party-member star rating (党员评星定级), after PRACTICE.md §3.5. Points come from recorded
 * events, never typed in: attendance and study hours are metrics the org-life module publishes per
 * member; volunteer hours, household visits, urgent tasks and upheld complaints are counts of
 * evidenced records. All caps are per scheme year. Deductions sit in their own dimension of max 0,
 * so they lower the total without raising the maximum. 违纪 disqualifies (清零, no star).
 *
 * Exemptions are category overrides: elderly or bedridden members (年老体弱) are not expected to do
 * volunteer work or urgent tasks; mobile members (流动党员) cannot visit households at home and
 * attend fewer theme days. Their totals are normalised to 100 over what remains expected of them.
 */
export const memberStar2026: Scheme = {
  code: "memberStar",
  name: "党员先锋指数评星定级",
  programme: "memberStar",
  year: 2026,
  issuingUnit: "440500000000",
  subjectLevel: "member",
  version: 1,
  status: "draft",
  totalPoints: 100,
  publicityDays: 5,
  categories: [
    { code: "regular", name: "一般党员" },
    { code: "elderly", name: "年老体弱党员" },
    { code: "mobile", name: "流动党员" },
  ],
  dimensions: [
    {
      code: "orgLife",
      name: "组织生活参与",
      maxPoints: 40,
      indicators: [
        { code: "meeting", name: "党员大会/党小组会/党课出勤(次)", method: "perEvent", perEvent: 3, cap: 12, maxPoints: 12, evidence: "none", source: "auto", metric: "member.meetingsAttended" },
        {
          code: "themeDay",
          name: "主题党日出勤(次)",
          method: "perEvent",
          perEvent: 2,
          cap: 8,
          maxPoints: 8,
          evidence: "none",
          source: "auto",
          metric: "member.themeDaysAttended",
          categoryOverrides: { mobile: { maxPoints: 4 } },
        },
        { code: "study", name: "集中学习/线上学习(学时)", method: "perEvent", perEvent: 1, cap: 12, maxPoints: 12, evidence: "none", source: "auto", metric: "member.studyHours" },
        { code: "dues", name: "按期足额交纳党费", method: "boolean", maxPoints: 8, evidence: "none", source: "manual", roles: ["branch"] },
      ],
    },
    {
      code: "duty",
      name: "岗位履职",
      maxPoints: 30,
      indicators: [
        { code: "commitment", name: "承诺践诺完成情况", method: "manual", maxPoints: 15, evidence: "optional", source: "manual", roles: ["self", "branch", "peers"] },
        { code: "performance", name: "岗位作用发挥", method: "manual", maxPoints: 15, evidence: "optional", source: "manual", roles: ["self", "branch", "peers"] },
      ],
    },
    {
      code: "service",
      name: "服务群众",
      maxPoints: 30,
      indicators: [
        {
          code: "volunteer",
          name: "志愿服务(小时)",
          method: "perEvent",
          perEvent: 1,
          cap: 15,
          maxPoints: 15,
          evidence: "required",
          source: "manual",
          categoryOverrides: { elderly: { enabled: false } },
        },
        {
          code: "linkHouse",
          name: "联户走访/代办(次)",
          method: "perEvent",
          perEvent: 1,
          cap: 10,
          maxPoints: 10,
          evidence: "optional",
          source: "manual",
          categoryOverrides: { mobile: { enabled: false } },
        },
        {
          code: "urgent",
          name: "急难险重任务(次)",
          method: "perEvent",
          perEvent: 5,
          cap: 5,
          maxPoints: 5,
          evidence: "required",
          source: "manual",
          categoryOverrides: { elderly: { enabled: false } },
        },
      ],
    },
    {
      code: "deduct",
      name: "扣分项",
      maxPoints: 0,
      indicators: [
        { code: "absentNoReason", name: "无故缺席组织生活(次)", method: "perEvent", negative: true, perEvent: 2, cap: 10, maxPoints: 10, evidence: "none", source: "auto", metric: "member.unexcusedAbsences" },
        { code: "complaintUpheld", name: "群众投诉经查属实(次)", method: "perEvent", negative: true, perEvent: 5, cap: 20, maxPoints: 20, evidence: "required", source: "manual" },
      ],
    },
  ],
  vetoes: [
    { code: "discipline", text: "受到党纪政务处分或违法犯罪：积分清零，不参加评星", effect: "disqualify" },
    { code: "lapsed", text: "无正当理由连续六个月不参加党的组织生活", effect: "zero" },
  ],
  grading: {
    model: "bands",
    bands: [
      { grade: "五星", minScore: 95 },
      { grade: "四星", minScore: 90 },
      { grade: "三星", minScore: 80 },
      { grade: "二星", minScore: 70 },
      { grade: "一星", minScore: 60 },
    ],
    belowGrade: "无星",
  },
  evaluators: [
    { role: "self", weight: 0 },
    { role: "branch", weight: 0.7 },
    { role: "peers", weight: 0.3 },
  ],
};
