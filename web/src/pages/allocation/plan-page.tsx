import { useMemo } from "react";
import { App, Button, Card, Col, Flex, Popconfirm, Result, Row, Space, Statistic, Table, Tag, Tooltip } from "antd";
import type { TableColumnsType } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import type { EChartsCoreOption } from "echarts/core";
import { allocation, fillPath } from "../../../../common/contract/index.js";
import type { AllocationLine, PlanDetail } from "../../../../common/contract/allocation.contract.js";
import { call } from "../../api/client.js";
import { errorMessage } from "../../shared/api-errors.js";
import { testId } from "../../shared/format.js";
import { EChart } from "../rating/echart.js";
import { ratingKeys } from "../rating/rating-keys.js";
import { StarTag } from "../rating/rating-ui.js";
import { AllocationForm } from "./allocation-form.js";
import { fromParams, toFen, toParams, toYuan } from "./allocation-params.js";
import { formatYuan } from "./allocation-page.js";

function ByStarsChart({ p }: { p: PlanDetail }) {
  const { t } = useTranslation();
  const option = useMemo<EChartsCoreOption>(() => {
    const rows = [...p.byStars].sort((a, b) => (b.stars ?? -1) - (a.stars ?? -1));
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 70, right: 50, top: 36, bottom: 32 },
      xAxis: { type: "category", data: rows.map((r) => (r.stars === null ? t("rt.ungraded") : t("rt.starsCount", { n: r.stars }))) },
      yAxis: [{ type: "value", name: t("al.yuan") }, { type: "value", name: t("al.villages") }],
      series: [
        { name: t("al.amount"), type: "bar", data: rows.map((r) => r.amountFen / 100), itemStyle: { color: "#c41d1d" } },
        { name: t("al.villages"), type: "line", yAxisIndex: 1, data: rows.map((r) => r.villages) },
      ],
    };
  }, [p, t]);
  return <EChart option={option} testid="chart-allocation" />;
}

/** /allocation/:id — a plan: parameters (editable while draft), preview table and chart, approve, Excel download. */
export function PlanPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { id = "" } = useParams();
  const q = useQuery({ queryKey: ratingKeys.plan(id), queryFn: () => call(allocation.getPlan, { params: { id } }) });
  const onOk = (p: PlanDetail) => {
    qc.setQueryData(ratingKeys.plan(id), p);
    void qc.invalidateQueries({ queryKey: ["rating", "plans"] });
  };
  const update = useMutation({
    mutationFn: (v: Parameters<typeof toParams>[0]) => call(allocation.updatePlan, { params: { id }, body: { name: v.name, poolFen: toFen(v.poolYuan), params: toParams(v) } }),
    onSuccess: (p) => { onOk(p); void message.success(t("al.recomputed")); },
    onError: (e) => void message.error(errorMessage(e)),
  });
  const approve = useMutation({ mutationFn: () => call(allocation.approvePlan, { params: { id } }), onSuccess: (p) => { onOk(p); void message.success(t("al.approvedMsg")); }, onError: (e) => void message.error(errorMessage(e)) });

  if (q.error) return <Result status="warning" title={t("common.loadFailed")} subTitle={errorMessage(q.error)} />;
  const p = q.data;
  if (!p) return <Card loading />;
  const total = p.lines.reduce((n, l) => n + l.amountFen, 0);
  const columns: TableColumnsType<AllocationLine> = [
    { title: t("rt.town"), dataIndex: "town" },
    { title: t("rt.village"), dataIndex: "village" },
    { title: t("rt.category"), dataIndex: "category", render: (c: string | null) => (c ? t(`rt.cat.${c}`, { defaultValue: c }) : "—") },
    { title: t("rt.total"), dataIndex: "total" },
    { title: t("rt.grade"), key: "g", render: (_v, l) => <StarTag grade={l.grade} stars={l.stars} /> },
    { title: t("al.priority"), dataIndex: "priority", render: (pr: string, l) => <Space>{t(`al.priority.${pr}`)}{l.rectify && <Tag color="orange">{t("al.rectify")}</Tag>}</Space> },
    { title: t("al.amount"), dataIndex: "amountFen", align: "right", sorter: (a, b) => a.amountFen - b.amountFen, render: (f: number, l) => <Tooltip title={l.explanation.text}><span>{formatYuan(f)}{l.explanation.bound && <Tag style={{ marginInlineStart: 4 }}>{t(`al.bound.${l.explanation.bound}`)}</Tag>}</span></Tooltip> },
    { title: t("al.earmark"), dataIndex: "earmarkFen", align: "right", render: (f: number) => (f ? formatYuan(f) : "—") },
    { title: t("al.explanation"), key: "x", render: (_v, l) => l.explanation.text },
  ];
  return (
    <Flex vertical gap={16}>
      <Card
        title={<Space><span data-testid="plan-name">{p.name}</span><Tag color={p.status === "approved" ? "success" : "default"} data-testid="plan-status">{t(`al.status.${p.status}`)}</Tag></Space>}
        extra={
          <Space>
            {p.abilities.approve && p.status === "draft" && (
              <Popconfirm title={t("al.approveConfirm")} onConfirm={() => approve.mutate()} okButtonProps={{ "data-testid": "plan-approve-ok" }}>
                <Button type="primary" data-testid="plan-approve" loading={approve.isPending}>{t("al.approve")}</Button>
              </Popconfirm>
            )}
            <Button icon={<DownloadOutlined />} data-testid="plan-export" href={fillPath(allocation.exportPlan.path, { id })} download>{t("al.export")}</Button>
          </Space>
        }
      >
        <Row gutter={16}>
          <Col xs={12} md={6}><Statistic title={t("al.year")} value={p.year} groupSeparator="" /></Col>
          <Col xs={12} md={6}><Statistic title={t("al.unit")} value={p.orgUnitName} /></Col>
          <Col xs={12} md={6}><Statistic title={t("al.pool")} value={formatYuan(p.poolFen)} suffix={t("al.yuan")} /></Col>
          <Col xs={12} md={6}><Statistic title={t("al.allocated", { n: p.lines.length })} value={formatYuan(total)} suffix={t("al.yuan")} /><span data-testid="plan-total-fen" hidden>{total}</span></Col>
        </Row>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={10}><Card title={t("al.byStars")}><ByStarsChart p={p} /></Card></Col>
        <Col xs={24} xl={14}>
          <Card title={t("al.params")}>
            <AllocationForm
              fixedScheme
              disabled={!p.abilities.edit || p.status !== "draft"}
              initial={{ name: p.name, schemeId: p.schemeId, orgUnitId: p.orgUnitId, poolYuan: toYuan(p.poolFen), ...fromParams(p.params) }}
              onSubmit={(v) => update.mutate(v)}
              submitting={update.isPending}
              submitLabel={t("al.recompute")}
            />
          </Card>
        </Col>
      </Row>
      <Card title={t("al.preview")}>
        <Table<AllocationLine> data-testid="plan-lines" rowKey="orgUnitId" size="small" dataSource={p.lines} columns={columns} pagination={{ pageSize: 50 }} scroll={{ x: true }} onRow={(l) => testId(`plan-line-${l.village}`)} />
      </Card>
    </Flex>
  );
}
