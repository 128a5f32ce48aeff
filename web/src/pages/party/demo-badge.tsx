import { Tag, Tooltip } from "antd";
import { useTranslation } from "react-i18next";
import { useSystemInfo } from "../../auth/session.js";

/**
 * "演示数据" beside party data on a demo installation: the population there is synthetic
 * (generated names and check-digit-valid ID numbers of no real person).
 */
export function DemoBadge() {
  const { t } = useTranslation();
  const info = useSystemInfo();
  if (!info.data?.demo) return null;
  return (
    <Tooltip title={t("partyUi.demoHint")}>
      <Tag color="orange" data-testid="party-demo-badge">{t("app.demo")}</Tag>
    </Tooltip>
  );
}
