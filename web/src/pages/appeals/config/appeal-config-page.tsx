import { Card, Tabs } from "antd";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { CategoriesTab } from "./categories-tab.js";
import { DeadlineRulesTab } from "./deadline-rules-tab.js";

/** 诉求类别与办理时限: the city's catalogue and its deadline rules (appeal.configure). */
export function AppealConfigPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") === "rules" ? "rules" : "categories";
  return (
    <Card title={t("nav.appealConfig")}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === "rules" ? { tab: "rules" } : {}, { replace: true })}
        items={[
          { key: "categories", label: t("appealAdminUi.categories"), children: <CategoriesTab /> },
          { key: "rules", label: t("appealAdminUi.rules"), children: <DeadlineRulesTab /> },
        ]}
      />
    </Card>
  );
}
