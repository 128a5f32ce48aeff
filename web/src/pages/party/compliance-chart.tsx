import { useEffect, useMemo, useRef, useState } from "react";
import { Alert, Flex, InputNumber, Skeleton, Space, Table, Tag, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { party } from "../../../../common/contract/index.js";
import type { ComplianceView } from "../../../../common/contract/party.contract.js";
import type { ComplianceLevel } from "../../../../common/party.js";
import { call } from "../../api/client.js";
import { errorMessage } from "../../shared/api-errors.js";
import { partyKeys, thisYear } from "./party-queries.js";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export const LEVEL_COLOURS: Record<ComplianceLevel, string> = {
  green: "#52c41a",
  amber: "#faad14",
  red: "#f5222d",
  pending: "#bfbfbf",
  notApplicable: "#d9d9d9",
};

/** Bars: meetings held that count toward the month's requirements (coloured red/amber/green); line: expected. */
function chartOption(c: ComplianceView, t: (k: string, o?: Record<string, unknown>) => string): echarts.EChartsCoreOption {
  return {
    tooltip: { trigger: "axis" },
    // ECharts 6 puts the legend at the bottom by default; keep it clear of the axis labels.
    legend: { top: 0, data: [t("partyUi.met"), t("partyUi.expected")] },
    grid: { left: 32, right: 16, top: 40, bottom: 28 },
    xAxis: { type: "category", data: c.months.map((m) => t("partyUi.monthN", { n: m.month })) },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      {
        name: t("partyUi.met"),
        type: "bar",
        data: c.months.map((m) => ({ value: m.met, itemStyle: { color: LEVEL_COLOURS[m.level] } })),
      },
      { name: t("partyUi.expected"), type: "line", step: "middle", data: c.months.map((m) => m.expected), itemStyle: { color: "#595959" } },
    ],
  };
}

function Chart({ option }: { option: echarts.EChartsCoreOption }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    chart.setOption(option);
    const onResize = (): void => chart.resize();
    window.addEventListener("resize", onResize);
    return () => {
      window.removeEventListener("resize", onResize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={el} style={{ width: "100%", height: 300 }} data-testid="compliance-chart" />;
}

/** Organisational life held against the regulations' cadence for one year, by month and by type. */
export function ComplianceChart({ partyOrgId }: { partyOrgId: string }) {
  const { t } = useTranslation();
  const [year, setYear] = useState(thisYear());
  const q = useQuery({ queryKey: partyKeys.compliance(partyOrgId, year), queryFn: () => call(party.getCompliance, { params: { id: partyOrgId }, query: { year } }) });
  const c = q.data;
  const option = useMemo(() => (c ? chartOption(c, t) : null), [c, t]);
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} align="center" wrap>
        <Typography.Text>{t("field.year")}</Typography.Text>
        <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} data-testid="compliance-year" />
        {c?.heldRate !== null && c?.heldRate !== undefined && (
          <Typography.Text strong data-testid="compliance-rate">{t("partyUi.heldRate", { rate: Math.round(c.heldRate * 100) })}</Typography.Text>
        )}
        <Space size={4} wrap>
          {(["green", "amber", "red", "pending"] as const).map((l) => (
            <Tag key={l} color={LEVEL_COLOURS[l]}>{t(`partyUi.level.${l}`)}</Tag>
          ))}
        </Space>
      </Flex>
      {q.error && <Alert type="error" title={errorMessage(q.error)} />}
      {!c ? (
        <Skeleton active />
      ) : !c.applicable ? (
        <Alert type="info" title={t("partyUi.notApplicable")} />
      ) : (
        <>
          {option && <Chart option={option} />}
          <Table
            rowKey="type"
            size="small"
            pagination={false}
            data-testid="compliance-types"
            dataSource={c.types}
            columns={[
              { title: t("partyUi.meetingType"), key: "type", render: (_, r) => t(`meeting.type.${r.type}`) },
              { title: t("partyUi.cadence"), key: "cadence", render: (_, r) => t(`partyUi.cadence.${r.cadence}`) },
              { title: t("partyUi.held"), dataIndex: "held", align: "right" },
              { title: t("partyUi.met"), key: "met", align: "right", render: (_, r) => `${r.met} / ${r.expected}` },
            ]}
          />
        </>
      )}
    </Flex>
  );
}
