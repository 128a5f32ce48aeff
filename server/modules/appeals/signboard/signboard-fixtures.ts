import { DEFAULT_PROMISES, type SignboardData } from "./signboard-types.js";

// Test data only (imported by *.test.ts): one ordinary board, and one that stresses every box.

/** An ordinary board; `n` varies the grid so batches have distinct URLs. */
export function buildBoard(n = 1, overrides: Partial<SignboardData> = {}): SignboardData {
  const gridCode = `440507001001${String(n).padStart(3, "0")}`;
  return {
    gridCode,
    gridName: `第${n}网格`,
    villageName: "蓬中村",
    townName: "外砂街道",
    districtName: "汕头市龙湖区",
    leader: { name: "陈建国", phoneMasked: "138****5678" },
    workers: [
      { name: "林晓燕", phoneMasked: "139****1234" },
      { name: "黄堃", phoneMasked: "137****0001" },
    ],
    url: `https://zx.example.gov.cn/r/${gridCode}?t=Tok${String(n).padStart(13, "0")}`,
    promises: [...DEFAULT_PROMISES],
    ...overrides,
  };
}

/** Long names, a rare hanzi, twelve people, seven promises, a long title and footer. */
export function buildCrowdedBoard(): SignboardData {
  const names = ["司马相如", "李", "欧阳娜娜", "诸葛孔明亮", "欧阳𣒍明"];
  return buildBoard(12, {
    gridName: "潮南区陈店镇湖东社区第十二网格（含湖东工业区及周边商住小区）",
    villageName: "汕头市潮南区陈店镇湖东社区居民委员会第二党支部联系点",
    leader: { name: "阿卜杜热西提·买买提明", phoneMasked: "138****5678" },
    workers: Array.from({ length: 11 }, (_, i) => ({ name: names[i % names.length] ?? "", phoneMasked: `13${i % 10}****00${10 + i}` })),
    promises: [
      ...DEFAULT_PROMISES,
      { label: "回访", limit: "1个工作日" },
      { label: "涉企诉求", limit: "1个工作小时内响应并联系企业" },
    ],
    title: "党建引领·网格化服务管理公示牌",
    footer:
      "本牌由外砂街道党工委监制。提交诉求后可凭回执编号随时扫码查询办理进度，对办理结果不满意的可申请复核一次；" +
      "您的个人信息仅用于办理本次诉求，依法予以保护。如遇火灾、治安等紧急情况请直接拨打110、119、120。",
  });
}
