import { useState } from "react";
import { Card, Flex, Select, Switch, Table, Tabs, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { APPEAL_STATUSES, type AppealStatus } from "../../../../common/appeals.js";
import { appeals } from "../../../../common/contract/index.js";
import { APPEAL_QUEUES, type AppealSummary } from "../../../../common/contract/appeals.contract.js";
import { call } from "../../api/client.js";
import { useSignedIn } from "../../auth/session.js";
import { useLocale } from "../../i18n/index.js";
import { errorMessage } from "../../shared/api-errors.js";
import { formatDateTime, testId } from "../../shared/format.js";
import { OrgTreeSelect } from "../../shared/org-tree-select.js";
import { appealKeys } from "./appeal-queries.js";
import { DueTag, ScaleTag, StatusTag } from "./appeal-tags.js";
import { DeadlineCoverageAlert } from "../calendar/calendar-warning.js";

type Queue = (typeof APPEAL_QUEUES)[number];
const isQueue = (v: string | null): v is Queue => APPEAL_QUEUES.some((q) => q === v);

/** /appeals — the work queue: all in my scope, mine, due soon (yellow), overdue (red), with filters. */
export function WorkQueuePage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  // The queue lives in the URL so the back button from a detail returns to the same tab.
  const [params, setParams] = useSearchParams();
  const queueParam = params.get("queue");
  // Those who handle at one spot (grid workers) start on their own queue; supervisors on everything.
  const me = useSignedIn();
  const firstLine = me.grants.length > 0 && me.grants.every((g) => g.role === "gridWorker");
  const queue: Queue = isQueue(queueParam) ? queueParam : firstLine ? "mine" : "all";
  const [status, setStatus] = useState<AppealStatus | undefined>();
  const [underId, setUnderId] = useState<string | undefined>();
  const [openOnly, setOpenOnly] = useState(true);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);

  const query = { queue, status, underId, open: status ? undefined : openOnly ? ("true" as const) : undefined, page, pageSize };
  const list = useQuery({
    queryKey: appealKeys.list(query),
    queryFn: () => call(appeals.listAppeals, { query }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });

  const columns: TableColumnsType<AppealSummary> = [
    {
      title: t("appealsUi.trackingCode"),
      dataIndex: "trackingCode",
      render: (v: string, a) => (
        <Link to={`/appeals/${a.id}`} data-testid={`appeal-link-${v}`}>
          <Typography.Text code>{v}</Typography.Text>
        </Link>
      ),
    },
    { title: t("common.status"), dataIndex: "status", render: (s: AppealStatus) => <StatusTag status={s} /> },
    { title: t("appealsUi.category"), key: "category", render: (_v, a) => <Flex gap={4} wrap>{a.categoryName}<ScaleTag scale={a.scale} /></Flex> },
    {
      title: t("appealsUi.description"),
      dataIndex: "description",
      // Plain text only: residents' words are never rendered as HTML.
      render: (v: string) => <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0, maxWidth: 320 }}>{v}</Typography.Paragraph>,
    },
    { title: t("appealsUi.where"), key: "where", render: (_v, a) => [a.villageName, a.gridName].filter(Boolean).join(" ") || "—" },
    { title: t("appealsUi.handler"), key: "handler", render: (_v, a) => `${a.handlingUnitName}（${t(`level.${a.handlingLevel}`)}）` },
    { title: t("appealsUi.due"), key: "due", render: (_v, a) => <DueTag dueAt={a.dueAt} warning={a.warning} /> },
    { title: t("appealsUi.channel"), dataIndex: "channel", render: (v: string) => t(`channel.${v}`), responsive: ["xl"] },
    { title: t("appealsUi.createdAt"), dataIndex: "createdAt", render: (v: string) => formatDateTime(v, locale).slice(0, 16), responsive: ["lg"] },
  ];

  return (
    <Card title={t("nav.appeals")}>
      <DeadlineCoverageAlert />
      <Tabs
        activeKey={queue}
        onChange={(k) => {
          setParams({ queue: k });
          setPage(1);
        }}
        items={APPEAL_QUEUES.map((q) => ({ key: q, label: <span data-testid={`queue-${q}`}>{t(`appealsUi.queue.${q}`)}</span> }))}
      />
      <Flex wrap gap={12} align="center" style={{ marginBottom: 16 }}>
        <Select<AppealStatus>
          data-testid="queue-status"
          allowClear
          placeholder={t("appealsUi.filterStatus")}
          style={{ width: 180 }}
          value={status ?? null}
          options={APPEAL_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          onChange={(v) => {
            setStatus(v ?? undefined);
            setPage(1);
          }}
        />
        <OrgTreeSelect
          testid="queue-unit"
          allowClear
          placeholder={t("appealsUi.filterUnit")}
          style={{ width: 280 }}
          {...(underId ? { value: underId } : {})}
          onChange={(v) => {
            setUnderId(v);
            setPage(1);
          }}
        />
        <Flex gap={6} align="center">
          <Switch size="small" checked={openOnly} disabled={!!status} onChange={setOpenOnly} data-testid="queue-open-only" />
          <Typography.Text>{t("appealsUi.openOnly")}</Typography.Text>
        </Flex>
      </Flex>
      <Table<AppealSummary>
        data-testid="appeals-table"
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items ?? []}
        onRow={(a) => ({ ...testId(`appeal-row-${a.trackingCode}`), onDoubleClick: () => void navigate(`/appeals/${a.id}`) })}
        rowClassName={(a) => (a.warning === "red" ? "zx-row-overdue" : a.warning === "yellow" ? "zx-row-due-soon" : "")}
        locale={{ emptyText: list.error ? errorMessage(list.error) : t("appealsUi.none") }}
        scroll={{ x: true }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (n) => t("common.total", { n }),
          onChange: (p, s) => {
            setPage(s === pageSize ? p : 1);
            setPageSize(s);
          },
        }}
      />
      <style>{".zx-row-overdue > td { background: #fff1f0 !important; } .zx-row-due-soon > td { background: #fffbe6 !important; }"}</style>
    </Card>
  );
}
