import type { Scheme } from "../schema.js";

/**
 * Default fortress index (堡垒指数) scheme for village party organisations, after PRACTICE.md §3.1:
 * five dimensions of 100 points, star bands 95/90/80/70/60, four categories for 差异化考核, two
 * vetoes that cap the star, evaluators self 0 / town 0.6 / district 0.2 / survey 0.2. Every number
 * is a proposal the issuing unit edits before publishing.
 *
 * Manual indicators list the roles that may score them; the weights of the roles that scored are
 * renormalised, so a town + district indicator weighs them 0.75 / 0.25 and a survey indicator is
 * the survey alone. Auto indicators read metrics published by other modules.
 */
export const fortress2026: Scheme = {
  code: "fortress",
  name: "村(社区)党组织堡垒指数星级评定",
  programme: "fortress",
  year: 2026,
  issuingUnit: "440500000000",
  subjectLevel: "village",
  version: 1,
  status: "draft",
  totalPoints: 100,
  publicityDays: 5,
  categories: [
    { code: "urban", name: "城中村/涉农社区" },
    { code: "rural", name: "纯农村" },
    { code: "island", name: "海岛/山区" },
    { code: "rectify", name: "软弱涣散整顿村" },
  ],
  dimensions: [
    {
      code: "org",
      name: "组织体系与班子队伍",
      maxPoints: 25,
      indicators: [
        { code: "org.teamComplete", name: "村“两委”班子配齐、结构合理", method: "boolean", maxPoints: 5, evidence: "required", source: "manual", roles: ["town", "district"] },
        {
          code: "org.secretaryReserve",
          name: "书记后备人选储备(每职位人数)",
          method: "bands",
          bands: [
            { min: 2, points: 5 },
            { min: 1, points: 3 },
          ],
          maxPoints: 5,
          evidence: "required",
          source: "manual",
          roles: ["town", "district"],
        },
        { code: "org.orgLifeHeld", name: "“三会一课”按期召开率", method: "ratio", target: 1, maxPoints: 8, evidence: "none", source: "auto", metric: "orgLife.heldRate", categoryOverrides: { rectify: { maxPoints: 10 } } },
        { code: "org.secretaryDuty", name: "书记抓党建述职评议", method: "manual", maxPoints: 7, evidence: "optional", source: "manual", roles: ["self", "town", "district"] },
        { code: "org.unrectified", name: "巡察督查发现问题逾期未整改(扣分)", method: "manual", negative: true, maxPoints: 5, evidence: "required", source: "manual", roles: ["town", "district"] },
      ],
    },
    {
      code: "life",
      name: "组织生活与党员管理",
      maxPoints: 20,
      indicators: [
        {
          code: "life.themeDay",
          name: "主题党日开展(次)",
          method: "perEvent",
          perEvent: 0.5,
          cap: 6,
          maxPoints: 6,
          evidence: "none",
          source: "auto",
          metric: "orgLife.themeDayCount",
          // Island members often work at sea: eight theme days earn the full points there.
          categoryOverrides: { island: { perEvent: 0.75 } },
        },
        {
          code: "life.attendance",
          name: "党员参加组织生活出勤率",
          method: "bands",
          bands: [
            { min: 0.9, points: 6 },
            { min: 0.8, points: 4 },
            { min: 0.7, points: 2 },
          ],
          maxPoints: 6,
          evidence: "none",
          source: "auto",
          metric: "orgLife.attendanceRate",
        },
        { code: "life.review", name: "民主评议党员按时开展", method: "boolean", maxPoints: 4, evidence: "required", source: "manual", roles: ["town"] },
        { code: "life.recruit", name: "发展党员(年轻、高学历)", method: "manual", maxPoints: 4, evidence: "optional", source: "manual", roles: ["town", "district"] },
      ],
    },
    {
      code: "dev",
      name: "发展业绩(乡村振兴)",
      maxPoints: 25,
      indicators: [
        {
          code: "dev.collectiveIncome",
          name: "村集体经营性收入增长率",
          method: "ratio",
          target: 0.1,
          maxPoints: 10,
          evidence: "required",
          source: "manual",
          roles: ["town", "district"],
          categoryOverrides: { urban: { target: 0.15 }, island: { target: 0.05 }, rectify: { target: 0.05 } },
        },
        {
          code: "dev.industry",
          name: "特色产业项目推进",
          method: "manual",
          maxPoints: 8,
          evidence: "required",
          source: "manual",
          roles: ["town", "district"],
          categoryOverrides: { urban: { enabled: false } },
        },
        { code: "dev.environment", name: "人居环境整治", method: "manual", maxPoints: 7, evidence: "required", source: "manual", roles: ["town", "district"] },
      ],
    },
    {
      code: "serve",
      name: "服务群众与治理",
      maxPoints: 20,
      indicators: [
        { code: "serve.appealResponse", name: "群众诉求按时响应率", method: "ratio", target: 1, maxPoints: 5, evidence: "none", source: "auto", metric: "appeals.responseRate" },
        {
          code: "serve.appealResolution",
          name: "群众诉求按期办结率",
          method: "bands",
          bands: [
            { min: 0.95, points: 6 },
            { min: 0.9, points: 5 },
            { min: 0.8, points: 3 },
            { min: 0.6, points: 1 },
          ],
          maxPoints: 6,
          evidence: "none",
          source: "auto",
          metric: "appeals.resolutionRate",
        },
        {
          code: "serve.tasksOnTime",
          name: "责任清单任务按期销号率",
          method: "formula",
          // Nothing below 60 %, then linear up to full points at 100 %.
          expression: "clamp((tasks.onTimeRate - 0.6) / 0.4 * 5, 0, 5)",
          inputs: ["tasks.onTimeRate"],
          maxPoints: 5,
          evidence: "none",
          source: "auto",
        },
        { code: "serve.fourTwo", name: "“四议两公开”执行到位", method: "boolean", maxPoints: 4, evidence: "required", source: "manual", roles: ["town"] },
      ],
    },
    {
      code: "mass",
      name: "群众满意度",
      maxPoints: 10,
      indicators: [
        { code: "mass.survey", name: "群众满意度测评", method: "manual", maxPoints: 6, evidence: "optional", source: "manual", roles: ["survey"] },
        { code: "mass.appealSatisfaction", name: "诉求办理群众满意率", method: "ratio", target: 1, maxPoints: 4, evidence: "none", source: "auto", metric: "appeals.satisfactionRate" },
      ],
    },
  ],
  vetoes: [
    { code: "V1", text: "发生重大违纪违法案件或群体性事件", effect: "capGrade", capGrade: "一星" },
    { code: "V2", text: "党组织书记出缺超过3个月", effect: "capGrade", capGrade: "二星" },
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
    { role: "town", weight: 0.6 },
    { role: "district", weight: 0.2 },
    { role: "survey", weight: 0.2 },
  ],
};
