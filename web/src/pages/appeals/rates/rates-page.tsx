import { useMemo, useState } from "react";
import { Card, Col, DatePicker, Empty, Flex, InputNumber, Row, Segmented, Spin, Statistic, Table, Typography } from "antd";
import type { TableColumnsType } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { appealRates, RATE_LEVELS, type UnitRates } from "../../../../../common/contract/rates.contract.js";
import { call } from "../../../api/client.js";
import { errorMessage } from "../../../shared/api-errors.js";
import { OrgTreeSelect } from "../../../shared/org-tree-select.js";
import { DepartmentScorecards } from "./department-scorecards.js";
import { byRank, countsOf, pct, pooled, rateOf as valueOf, RATES, type Rate } from "./rates-math.js";
import { RankingChart } from "./ranking-chart.js";

type Level = (typeof RATE_LEVELS)[number];

const PRESETS = (t: (k: string) => string): { label: string; value: [Dayjs, Dayjs] }[] => [
  { label: t("ratesUi.thisMonth"), value: [dayjs().startOf("month"), dayjs()] },
  { label: t("ratesUi.lastMonth"), value: [dayjs().subtract(1, "month").startOf("month"), dayjs().subtract(1, "month").endOf("month")] },
  { label: t("ratesUi.thisQuarter"), value: [dayjs().startOf("month").subtract(dayjs().month() % 3, "month"), dayjs()] },
  { label: t("ratesUi.thisYear"), value: [dayjs().startOf("year"), dayjs()] },
];

/** /rates — 三率: response, resolution and satisfaction rates with rankings (ECharts) and department scorecards. */
export function RatesPage() {
  const { t } = useTranslation();
  const [level, setLevel] = useState<Level>("village");
  const [rate, setRate] = useState<Rate>("response");
  const [underId, setUnderId] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf("year"), dayjs()]);
  const [minSample, setMinSample] = useState(1);
  const from = range[0].format("YYYY-MM-DD");
  const to = range[1].format("YYYY-MM-DD");
  const query = { level, underId, from, to, minSample };
  const rates = useQuery({ queryKey: ["appeal-rates", query], queryFn: () => call(appealRates, { query }), placeholderData: keepPreviousData });
  const items = useMemo(() => rates.data?.items ?? [], [rates.data]);
  const ranked = useMemo(() => byRank(items, rate), [items, rate]);

  const columns: TableColumnsType<UnitRates> = [
    { title: t(`ratesUi.rank`), key: "rank", width: 64, render: (_v, u) => u.ranks[rate] ?? "—" },
    { title: t("ratesUi.unit"), key: "name", render: (_v, u) => (u.parentName ? `${u.name}（${u.parentName}）` : u.name) },
    { title: t("ratesUi.appeals"), dataIndex: "appeals", align: "right", sorter: (a, b) => a.appeals - b.appeals },
    ...RATES.map((r) => ({
      title: t(`ratesUi.rate.${r}`),
      key: r,
      align: "right" as const,
      sorter: (a: UnitRates, b: UnitRates) => (valueOf(a, r) ?? -1) - (valueOf(b, r) ?? -1),
      render: (_v: unknown, u: UnitRates) => (
        <Typography.Text strong={r === rate}>
          {pct(valueOf(u, r))}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {" "}
            {countsOf(u, r).join("/")}
          </Typography.Text>
        </Typography.Text>
      ),
    })),
  ];

  return (
    <Flex vertical gap={16} data-testid="rates-page">
      <Card title={t("nav.rates")}>
        <Flex wrap gap={12} align="center">
          <DatePicker.RangePicker
            data-testid="rates-period"
            value={range}
            allowClear={false}
            presets={PRESETS(t)}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          />
          <Segmented<Level> value={level} onChange={setLevel} options={RATE_LEVELS.map((l) => ({ value: l, label: t(`ratesUi.level.${l}`) }))} data-testid="rates-level" />
          <OrgTreeSelect testid="rates-under" allowClear style={{ width: 260 }} placeholder={t("appealsUi.filterUnit")} {...(underId ? { value: underId } : {})} onChange={setUnderId} />
          <Flex gap={6} align="center">
            <Typography.Text>{t("ratesUi.minSample")}</Typography.Text>
            <InputNumber min={1} max={1000} precision={0} value={minSample} onChange={(v) => setMinSample(v ?? 1)} style={{ width: 80 }} />
          </Flex>
        </Flex>
        <Row gutter={16} style={{ marginTop: 16 }}>
          {RATES.map((r) => (
            <Col key={r} xs={24} md={8}>
              <Card size="small" hoverable onClick={() => setRate(r)} style={{ borderColor: r === rate ? "#c41d1d" : undefined }} data-testid={`rates-total-${r}`}>
                <Statistic title={t(`ratesUi.rate.${r}`)} value={pct(pooled(items, r))} />
                <Typography.Text type="secondary">{t(`ratesUi.rateHint.${r}`)}</Typography.Text>
              </Card>
            </Col>
          ))}
        </Row>
      </Card>
      <Card title={t("ratesUi.ranking", { rate: t(`ratesUi.rate.${rate}`), level: t(`ratesUi.level.${level}`) })}>
        {rates.isLoading ? (
          <Spin />
        ) : rates.error ? (
          <Typography.Text type="danger">{errorMessage(rates.error)}</Typography.Text>
        ) : ranked.length === 0 ? (
          <Empty description={t("ratesUi.noData")} />
        ) : (
          <Row gutter={16}>
            <Col xs={24} xl={10}>
              <RankingChart testid="rates-chart" seriesName={t(`ratesUi.rate.${rate}`)} bars={ranked.map((u) => ({ name: u.name, value: valueOf(u, rate) }))} />
            </Col>
            <Col xs={24} xl={14}>
              <Table<UnitRates> rowKey="unitId" size="small" columns={columns} dataSource={ranked} pagination={{ pageSize: 20 }} scroll={{ x: true }} data-testid="rates-table" />
            </Col>
          </Row>
        )}
      </Card>
      <DepartmentScorecards underId={underId} from={from} to={to} />
    </Flex>
  );
}
