import { Card, Col, Empty, Row, Spin, Table, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { departmentScorecards, type Scorecard } from "../../../../../common/contract/whistle.contract.js";
import { call } from "../../../api/client.js";
import { errorMessage } from "../../../shared/api-errors.js";
import { RankingChart } from "./ranking-chart.js";
import { pct } from "./rates-math.js";


/** 吹哨报到 scorecards: check-in on time, done on time, the towns' average rating per department. */
export function DepartmentScorecards({ underId, from, to }: { underId?: string | undefined; from: string; to: string }) {
  const { t } = useTranslation();
  const query = { underId, from, to };
  const cards = useQuery({ queryKey: ["department-scorecards", query], queryFn: () => call(departmentScorecards, { query }) });
  const items = [...(cards.data?.items ?? [])].sort((a, b) => (b.checkInOnTimeRate ?? -1) - (a.checkInOnTimeRate ?? -1));
  return (
    <Card title={t("ratesUi.scorecards")}>
      {cards.isLoading ? (
        <Spin />
      ) : cards.error ? (
        <Typography.Text type="danger">{errorMessage(cards.error)}</Typography.Text>
      ) : items.length === 0 ? (
        <Empty description={t("ratesUi.noData")} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} xl={10}>
            <RankingChart testid="scorecards-chart" seriesName={t("ratesUi.checkInOnTime")} bars={items.map((s) => ({ name: `${s.unitName} ${s.departmentName}`, value: s.checkInOnTimeRate }))} />
          </Col>
          <Col xs={24} xl={14}>
            <Table<Scorecard>
              rowKey="departmentId"
              size="small"
              dataSource={items}
              pagination={{ pageSize: 20 }}
              scroll={{ x: true }}
              data-testid="scorecards-table"
              columns={[
                { title: t("whistleUi.department"), key: "name", render: (_v, s) => `${s.unitName} ${s.departmentName}` },
                { title: t("ratesUi.summoned"), dataIndex: "summoned", align: "right" },
                { title: t("ratesUi.checkInOnTime"), key: "checkIn", align: "right", render: (_v, s) => `${pct(s.checkInOnTimeRate)} (${s.checkedInOnTime}/${s.summoned})` },
                { title: t("ratesUi.doneOnTime"), key: "done", align: "right", render: (_v, s) => `${pct(s.doneOnTimeRate)} (${s.doneOnTime}/${s.summoned})` },
                { title: t("ratesUi.averageRating"), key: "rating", align: "right", render: (_v, s) => (s.averageRating === null ? "—" : `${s.averageRating.toFixed(2)} (${s.rated})`) },
              ]}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}
