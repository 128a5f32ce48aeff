import i18next from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { zhCN } from "../../i18n/zh-CN.js";
import { en } from "../../i18n/en.js";
import { actorDisplayName, historyNote } from "./actor-name.js";

// A private i18next with the app's own messages (web/src/i18n/index.ts needs a browser).
const i18n = i18next.createInstance();
beforeAll(() =>
  i18n.init({ lng: "zh-CN", resources: { "zh-CN": { ui: zhCN }, en: { ui: en } }, ns: ["ui"], defaultNS: "ui", keySeparator: false, nsSeparator: false }),
);

describe("actorDisplayName", () => {
  it("shows the sweeper's escalations as 系统（超时自动升级）, not system:sweeper", () => {
    expect(actorDisplayName(i18n.getFixedT("zh-CN"), "system:sweeper", "system:sweeper")).toBe("系统（超时自动升级）");
    expect(actorDisplayName(i18n.getFixedT("en"), "system:sweeper", "system:sweeper")).toBe("System (automatic escalation)");
  });

  it("names the automatic summons and Open311 partners, and falls back to 系统", () => {
    const t = i18n.getFixedT("zh-CN");
    expect(actorDisplayName(t, "system:autoWhistle", "system:autoWhistle")).toBe("系统（自动吹哨）");
    expect(actorDisplayName(t, "system:open311:k7Hq2", "system:open311:k7Hq2")).toBe("系统（第三方平台接入）");
    expect(actorDisplayName(t, "system:somethingNew", "system:somethingNew")).toBe("系统");
  });

  it("shows a person's display name, decided by the account name", () => {
    const t = i18n.getFixedT("zh-CN");
    expect(actorDisplayName(t, "hongchang", "红场镇党委")).toBe("红场镇党委");
    expect(actorDisplayName(t, "mallory", "system:sweeper")).toBe("system:sweeper");
  });

  it("reads the sweeper's timeout note, leaving people's notes as written", () => {
    const t = i18n.getFixedT("zh-CN");
    expect(historyNote(t, "system:sweeper", "timeout")).toBe("超过办理时限");
    expect(historyNote(i18n.getFixedT("en"), "system:sweeper", "timeout")).toBe("Deadline passed");
    expect(historyNote(t, "daxiba-wg", "timeout")).toBe("timeout");
    expect(historyNote(t, "system:sweeper", "已电话联系群众")).toBe("已电话联系群众");
  });
});
