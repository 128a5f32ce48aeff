/**
 * A year of organisational life for one demo branch: the regulations' cadence, kept with the
 * branch's own compliance level (so some villages fall short), and attendance that depends on the
 * branch and on each member (mobile members attend least). Pure and deterministic.
 */
import { MEETING_CADENCE, type MeetingType } from "../../../../common/party.js";
import { ATTENDANCE_CODE } from "../attendance-sheet.js";
import { EXCUSES, int, pick, uuidFrom, type Rand } from "./synthetic.js";

export interface DemoMember {
  id: string;
  /** Chance of attending any one meeting. */
  propensity: number;
}

export interface DemoBranch {
  id: string;
  /** Sorted by id: the all-member roster. */
  members: DemoMember[];
  /** Sorted by id: the branch committee. */
  committee: DemoMember[];
  /** Chance that an obligation of a period is met. */
  compliance: number;
}

export interface DemoMeeting {
  id: string;
  partyOrgId: string;
  type: MeetingType;
  heldOn: string;
  topic: string;
  roster: "all" | "committee";
  attendance: string;
  excuseReasons: (string | null)[];
  present: number;
  excused: number;
  absent: number;
}

export interface Month {
  year: number;
  month: number;
}

const TOPICS: Record<MeetingType, readonly string[]> = {
  memberAssembly: ["讨论发展党员工作", "研究村级重大事项（四议两公开）", "通报党费收缴和使用情况", "部署乡村振兴重点任务"],
  branchCommittee: ["研究本月支部工作安排", "研究党员教育管理工作", "研究人居环境整治工作", "研究为民办实事项目"],
  groupMeeting: ["学习党的创新理论", "交流联系群众情况", "讨论村庄清洁行动分工", "学习党章党规"],
  partyLecture: ["书记讲党课：抓党建促乡村振兴", "学习贯彻党的二十大精神", "党史学习教育专题党课", "弘扬红色文化 传承红色基因"],
  themeDay: ["志愿服务进网格", "重温入党誓词", "走访慰问困难群众", "村庄清洁行动", "红色教育基地参观学习", "政策宣讲进农户"],
  lifeMeeting: ["年度组织生活会：对照检查 开展批评与自我批评"],
  democraticReview: ["年度民主评议党员"],
};

function day(m: Month, d: number): string {
  return `${m.year}-${String(m.month).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** The (year, month) pairs of the twelve whole months before `today`'s month. */
export function windowBefore(today: string): Month[] {
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7));
  const out: Month[] = [];
  for (let i = 0; i < 12; i++) {
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
    out.unshift({ year: y, month: m });
  }
  return out;
}

/** When each obligation falls: one day per held meeting, following MEETING_CADENCE. */
function schedule(r: Rand, compliance: number, months: readonly Month[]): { type: MeetingType; heldOn: string }[] {
  const out: { type: MeetingType; heldOn: string }[] = [];
  const types = Object.keys(MEETING_CADENCE) as MeetingType[];
  for (const type of types) {
    const cadence = MEETING_CADENCE[type];
    if (cadence === "monthly") {
      for (const m of months) if (r() < compliance) out.push({ type, heldOn: day(m, type === "themeDay" ? int(r, 8, 12) : int(r, 1, 28)) });
    } else if (cadence === "quarterly") {
      const quarters = new Map<string, Month[]>();
      for (const m of months) {
        const k = `${m.year}Q${Math.ceil(m.month / 3)}`;
        quarters.set(k, [...(quarters.get(k) ?? []), m]);
      }
      for (const ms of quarters.values()) if (r() < compliance) out.push({ type, heldOn: day(pick(r, ms), int(r, 1, 28)) });
    } else {
      // Life meetings are held early in the year, democratic reviews at its end.
      const wanted = type === "lifeMeeting" ? [1, 2] : [12, 1];
      const m = months.find((x) => wanted.includes(x.month));
      if (m && r() < Math.min(1, compliance + 0.1)) out.push({ type, heldOn: day(m, int(r, 5, 25)) });
    }
  }
  return out.sort((a, b) => (a.heldOn < b.heldOn ? -1 : a.heldOn > b.heldOn ? 1 : 0));
}

/** Every meeting of one branch in the window, with its attendance sheet. */
export function demoMeetings(r: Rand, branch: DemoBranch, months: readonly Month[]): DemoMeeting[] {
  return schedule(r, branch.compliance, months).map(({ type, heldOn }) => {
    const roster = type === "branchCommittee" ? branch.committee : branch.members;
    let attendance = "";
    const excuseReasons: (string | null)[] = [];
    let present = 0;
    let excused = 0;
    for (const m of roster) {
      if (r() < m.propensity) {
        attendance += ATTENDANCE_CODE.present;
        excuseReasons.push(null);
        present += 1;
      } else if (r() < 0.65) {
        attendance += ATTENDANCE_CODE.excused;
        excuseReasons.push(pick(r, EXCUSES));
        excused += 1;
      } else {
        attendance += ATTENDANCE_CODE.absent;
        excuseReasons.push(null);
      }
    }
    return {
      id: uuidFrom(r),
      partyOrgId: branch.id,
      type,
      heldOn,
      topic: pick(r, TOPICS[type]),
      roster: type === "branchCommittee" ? "committee" : "all",
      attendance,
      excuseReasons,
      present,
      excused,
      absent: roster.length - present - excused,
    };
  });
}
