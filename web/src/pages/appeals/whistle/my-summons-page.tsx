import { useState } from "react";
import { Card, Empty, Flex, Segmented, Spin, Tag, Typography } from "antd";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { mySummons, type Summons } from "../../../../../common/contract/whistle.contract.js";
import { call } from "../../../api/client.js";
import { useLocale } from "../../../i18n/index.js";
import { errorMessage } from "../../../shared/api-errors.js";
import { formatDateTime } from "../../../shared/format.js";
import { SummonsActions, SummonsStatusTag } from "./summons-actions.js";
import { whistleKeys } from "./whistle-queries.js";

type Filter = "open" | "all";

function SummonsCard({ s }: { s: Summons }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const late = s.status === "overdue";
  return (
    <Card size="small" style={{ borderLeft: `6px solid ${late ? "#ff4d4f" : s.status === "summoned" ? "#1677ff" : "#f0f0f0"}` }} data-testid={`my-summons-${s.id}`}>
      <Flex vertical gap={6}>
        <Flex justify="space-between" wrap gap={6}>
          <Typography.Text strong style={{ fontSize: 16 }}>{s.whistleTitle}</Typography.Text>
          <Flex gap={4}>
            {s.lead && <Tag color="red">{t("whistleUi.leadTag")}</Tag>}
            <Tag color={s.whistleKind === "emergency" ? "red" : "blue"}>{t(`whistleUi.kind.${s.whistleKind}`)}</Tag>
            <SummonsStatusTag status={s.status} />
          </Flex>
        </Flex>
        <Typography.Text type="secondary">
          {s.townName} · {s.departmentName}
        </Typography.Text>
        <Typography.Text type={late ? "danger" : undefined}>
          {t("whistleUi.checkInDue")}：{formatDateTime(s.checkInDueAt, locale).slice(0, 16)} · {t("whistleUi.doneDue")}：{formatDateTime(s.doneDueAt, locale).slice(0, 16)}
        </Typography.Text>
        {s.report && <Typography.Paragraph style={{ margin: 0, whiteSpace: "pre-wrap" }}>{s.report}</Typography.Paragraph>}
        {s.rating !== null && <Typography.Text>{t("whistleUi.ratedLine", { rating: s.rating, comment: s.ratingComment ?? "" })}</Typography.Text>}
        <SummonsActions s={s} size="large" />
      </Flex>
    </Card>
  );
}

/** /my-summons — the department view: summons of my departments, check in and report back. */
export function MySummonsPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>("open");
  const query = { page: 1, pageSize: 100 };
  const list = useQuery({ queryKey: whistleKeys.mine(query), queryFn: () => call(mySummons, { query }), placeholderData: keepPreviousData, refetchInterval: 60_000 });
  const items = (list.data?.items ?? []).filter((s) => filter === "all" || ["summoned", "overdue", "checkedIn"].includes(s.status));
  return (
    <Flex vertical gap={12} style={{ maxWidth: 860 }} data-testid="my-summons-page">
      <Typography.Title level={4} style={{ margin: 0 }}>{t("nav.mySummons")}</Typography.Title>
      <Segmented<Filter> value={filter} onChange={setFilter} options={[
          { value: "open", label: <span data-testid="my-summons-open">{t("whistleUi.openSummons")}</span> },
          { value: "all", label: <span data-testid="my-summons-all">{t("appealsUi.queue.all")}</span> },
        ]} />
      {list.isLoading ? <Spin /> : list.error ? <Typography.Text type="danger">{errorMessage(list.error)}</Typography.Text> : items.length ? items.map((s) => <SummonsCard key={s.id} s={s} />) : <Empty description={t("whistleUi.noSummons")} />}
    </Flex>
  );
}
