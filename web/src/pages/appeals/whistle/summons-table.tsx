import { Flex, Rate, Table, Tag, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { Summons } from "../../../../../common/contract/whistle.contract.js";
import { useLocale } from "../../../i18n/index.js";
import { formatDateTime, testId } from "../../../shared/format.js";
import { SummonsActions, SummonsStatusTag } from "./summons-actions.js";

function OnTime({ at, onTime }: { at: string | null; onTime: boolean | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (!at) return <>—</>;
  return (
    <Flex gap={4} align="center">
      {formatDateTime(at, locale).slice(5, 16)}
      {onTime === false && <Tag color="red">{t("whistleUi.late")}</Tag>}
    </Flex>
  );
}

/** The summoned departments of one whistle: deadlines, check-in, report, the town's rating. */
export function SummonsTable({ summons }: { summons: Summons[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Table<Summons>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={summons}
      scroll={{ x: true }}
      onRow={(s) => testId(`summons-row-${s.departmentName}`)}
      columns={[
        {
          title: t("whistleUi.department"),
          key: "department",
          render: (_v, s) => (
            <Flex gap={4} align="center" wrap>
              {s.departmentName}
              {s.lead && <Tag color="red">{t("whistleUi.leadTag")}</Tag>}
            </Flex>
          ),
        },
        { title: t("common.status"), dataIndex: "status", render: (_v, s) => <SummonsStatusTag status={s.status} /> },
        {
          title: t("whistleUi.checkInDue"),
          dataIndex: "checkInDueAt",
          render: (v: string, s) => (
            <Typography.Text type={s.status === "overdue" ? "danger" : undefined}>{formatDateTime(v, locale).slice(5, 16)}</Typography.Text>
          ),
        },
        { title: t("whistleUi.checkedInAt"), key: "checkedIn", render: (_v, s) => <OnTime at={s.checkedInAt} onTime={s.checkedInOnTime} /> },
        { title: t("whistleUi.doneDue"), dataIndex: "doneDueAt", render: (v: string) => formatDateTime(v, locale).slice(5, 16) },
        {
          title: t("whistleUi.report"),
          key: "report",
          render: (_v, s) =>
            s.report ? (
              <Tooltip title={s.report}>
                <Flex vertical>
                  <OnTime at={s.reportedAt} onTime={s.doneOnTime} />
                  <Typography.Text ellipsis style={{ maxWidth: 200 }}>{s.report}</Typography.Text>
                </Flex>
              </Tooltip>
            ) : (
              "—"
            ),
        },
        {
          title: t("whistleUi.rating"),
          key: "rating",
          render: (_v, s) => (s.rating ? <Tooltip title={s.ratingComment}><Rate disabled value={s.rating} style={{ fontSize: 12 }} /></Tooltip> : "—"),
        },
        { title: t("common.actions"), key: "actions", render: (_v, s) => <SummonsActions s={s} size="small" /> },
      ]}
    />
  );
}
