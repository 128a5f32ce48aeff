import { useState } from "react";
import { Button, Card, Flex, Progress, Select, Spin, Table, Tag, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { NotificationOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { getWhistle, listWhistles, type WhistleSummary } from "../../../../../common/contract/whistle.contract.js";
import { WHISTLE_STATUSES, type WhistleStatus } from "../../../../../common/whistle.js";
import { call } from "../../../api/client.js";
import { useCan } from "../../../auth/session.js";
import { useLocale } from "../../../i18n/index.js";
import { errorMessage } from "../../../shared/api-errors.js";
import { formatDateTime, testId } from "../../../shared/format.js";
import { OrgTreeSelect } from "../../../shared/org-tree-select.js";
import { BlowWhistleModal } from "./blow-whistle-modal.js";
import { SummonsTable } from "./summons-table.js";
import { whistleKeys } from "./whistle-queries.js";

const STATUS_COLOURS: Record<WhistleStatus, string> = { blown: "red", responding: "orange", handled: "green", closed: "default", cancelled: "default" };

export function WhistleStatusTag({ status }: { status: WhistleStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOURS[status]}>{t(`whistleUi.status.${status}`)}</Tag>;
}

/** The summoned departments of one whistle, loaded when its row opens. */
export function WhistleSummons({ id }: { id: string }) {
  const detail = useQuery({ queryKey: whistleKeys.detail(id), queryFn: () => call(getWhistle, { params: { id } }) });
  if (!detail.data) return detail.error ? <Typography.Text type="danger">{errorMessage(detail.error)}</Typography.Text> : <Spin />;
  return (
    <Flex vertical gap={8}>
      <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>{detail.data.description}</Typography.Paragraph>
      <SummonsTable summons={detail.data.summons} />
    </Flex>
  );
}

/** /whistles — 吹哨报到 board for towns: whistles, check-in progress and deadlines, ratings. */
export function WhistleBoardPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const canBlow = useCan("appeal.dispatch");
  const [status, setStatus] = useState<WhistleStatus | undefined>();
  const [underId, setUnderId] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [blowing, setBlowing] = useState(false);
  const query = { status, underId, page, pageSize: 20 };
  const list = useQuery({ queryKey: whistleKeys.list(query), queryFn: () => call(listWhistles, { query }), placeholderData: keepPreviousData, refetchInterval: 60_000 });

  const columns: TableColumnsType<WhistleSummary> = [
    {
      title: t("whistleUi.title"),
      key: "title",
      render: (_v, w) => (
        <Flex vertical>
          <Typography.Text strong>{w.title}</Typography.Text>
          {w.appealId && w.trackingCode && <Link to={`/appeals/${w.appealId}`}>{w.trackingCode}</Link>}
        </Flex>
      ),
    },
    { title: t("whistleUi.kind"), dataIndex: "kind", render: (k: string) => <Tag color={k === "emergency" ? "red" : "blue"}>{t(`whistleUi.kind.${k}`)}</Tag> },
    { title: t("whistleUi.town"), dataIndex: "townName" },
    { title: t("common.status"), dataIndex: "status", render: (s: WhistleStatus) => <WhistleStatusTag status={s} /> },
    {
      title: t("whistleUi.checkedIn"),
      key: "progress",
      render: (_v, w) => (
        <Flex vertical style={{ minWidth: 120 }}>
          <Progress size="small" percent={w.summonsCount ? Math.round((w.checkedInCount / w.summonsCount) * 100) : 0} format={() => `${w.checkedInCount}/${w.summonsCount}`} />
          {w.overdueCount > 0 && <Typography.Text type="danger">{t("whistleUi.overdueCount", { n: w.overdueCount })}</Typography.Text>}
        </Flex>
      ),
    },
    { title: t("whistleUi.doneDue"), dataIndex: "doneDueAt", render: (v: string) => formatDateTime(v, locale).slice(0, 16) },
    { title: t("whistleUi.blownBy"), dataIndex: "blownByName", render: (v: string | null) => v ?? <Tag>{t("whistleUi.system")}</Tag>, responsive: ["xl"] },
    { title: t("appealsUi.createdAt"), dataIndex: "createdAt", render: (v: string) => formatDateTime(v, locale).slice(0, 16), responsive: ["lg"] },
  ];

  return (
    <Card
      title={t("nav.whistles")}
      extra={
        canBlow && (
          <Button type="primary" danger icon={<NotificationOutlined />} data-testid="whistle-new" onClick={() => setBlowing(true)}>
            {t("whistleUi.blowStandalone")}
          </Button>
        )
      }
    >
      <Flex wrap gap={12} style={{ marginBottom: 16 }}>
        <Select<WhistleStatus>
          allowClear
          placeholder={t("appealsUi.filterStatus")}
          style={{ width: 160 }}
          value={status ?? null}
          options={WHISTLE_STATUSES.map((s) => ({ value: s, label: t(`whistleUi.status.${s}`) }))}
          onChange={(v) => {
            setStatus(v ?? undefined);
            setPage(1);
          }}
        />
        <OrgTreeSelect testid="whistle-filter-unit" allowClear style={{ width: 280 }} placeholder={t("appealsUi.filterUnit")} {...(underId ? { value: underId } : {})} onChange={(v) => { setUnderId(v); setPage(1); }} />
      </Flex>
      <Table<WhistleSummary>
        data-testid="whistles-table"
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items ?? []}
        onRow={(w) => testId(`whistle-row-${w.id}`)}
        expandable={{ expandedRowRender: (w) => <WhistleSummons id={w.id} /> }}
        locale={{ emptyText: list.error ? errorMessage(list.error) : t("whistleUi.none") }}
        scroll={{ x: true }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (n) => t("common.total", { n }), onChange: setPage }}
      />
      {blowing && <BlowWhistleModal onClose={() => setBlowing(false)} />}
    </Card>
  );
}
