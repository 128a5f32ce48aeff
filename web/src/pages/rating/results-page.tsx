import { useEffect, useState } from "react";
import { Button, Card, Col, Empty, Flex, InputNumber, Row, Segmented, Select, Space, Statistic, Table, Tabs, Tag } from "antd";
import type { TableColumnsType } from "antd";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ratingResults } from "../../../../common/contract/index.js";
import type { ResultRow } from "../../../../common/contract/rating-results.contract.js";
import { VILLAGE_CATEGORIES } from "../../../../common/rating.js";
import { call } from "../../api/client.js";
import { useCan, useSignedIn } from "../../auth/session.js";
import { errorMessage } from "../../shared/api-errors.js";
import { testId } from "../../shared/format.js";
import { OrgTreeSelect } from "../../shared/org-tree-select.js";
import { ratingKeys } from "./rating-keys.js";
import { RateJobButton } from "./rate-job.js";
import { DistributionChart, MovementChart, UnitHeatGrid } from "./results-charts.js";
import { defaultScheme, MovementTag, SchemeSelect, StarTag, useSchemes } from "./rating-ui.js";

function useResultColumns(): TableColumnsType<ResultRow> {
  const { t } = useTranslation();
  return [
    { title: t("rt.rankInCategory"), dataIndex: "rankInCategory", width: 80 },
    { title: t("rt.village"), dataIndex: "name", render: (v: string, r) => <Link to={`/rating/villages/${r.subjectId}`} data-testid={`result-link-${v}`}>{v}</Link> },
    { title: t("rt.town"), dataIndex: "townName" },
    { title: t("rt.district"), dataIndex: "districtName" },
    { title: t("rt.category"), dataIndex: "category", render: (c: string | null) => (c ? t(`rt.cat.${c}`, { defaultValue: c }) : "—") },
    { title: t("rt.total"), dataIndex: "total", render: (v: number, r) => <span>{v}{r.provisional && <Tag style={{ marginInlineStart: 4 }}>{t("rt.provisionalShort")}</Tag>}</span> },
    { title: t("rt.grade"), key: "grade", render: (_v, r) => <StarTag grade={r.grade} stars={r.stars} /> },
    { title: t("rt.movementCol"), key: "mv", render: (_v, r) => <MovementTag movement={r.movement} /> },
  ];
}

/** /rating/results — district / city results: distribution, movement, heat grid by unit, ranking within category, rectification list, the rating job. */
export function ResultsPage() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const canRate = useCan("rating.approve");
  const schemes = useSchemes({ programme: "fortress", status: "published" });
  const [schemeId, setSchemeId] = useState<string | undefined>();
  const [orgUnitId, setOrgUnitId] = useState<string | undefined>();
  const [category, setCategory] = useState<string | undefined>();
  const [movement, setMovement] = useState<"all" | "up" | "down">("all");
  const [page, setPage] = useState(1);
  const [maxStars, setMaxStars] = useState(1);
  const [bottom, setBottom] = useState(5);
  const columns = useResultColumns();

  useEffect(() => {
    const first = defaultScheme(schemes.data ?? []);
    if (!schemeId && first) setSchemeId(first.id);
  }, [schemes.data, schemeId]);

  const scope = { schemeId: schemeId ?? "", ...(orgUnitId ? { orgUnitId } : {}) };
  const summary = useQuery({ queryKey: ratingKeys.summary(scope), queryFn: () => call(ratingResults.resultsSummary, { query: scope }), enabled: !!schemeId });
  const listQuery = { ...scope, category, movement: movement === "all" ? undefined : movement, page, pageSize: 20 };
  const list = useQuery({ queryKey: ratingKeys.results(listQuery), queryFn: () => call(ratingResults.listResults, { query: listQuery }), enabled: !!schemeId, placeholderData: keepPreviousData });
  const rectQuery = { ...scope, maxStars, bottomPercent: bottom };
  const rect = useQuery({ queryKey: ratingKeys.rectification(rectQuery), queryFn: () => call(ratingResults.rectificationList, { query: rectQuery }), enabled: !!schemeId });

  const rateUnit = orgUnitId ?? me.grants.find((g) => g.orgUnitLevel === "city" || g.orgUnitLevel === "district")?.orgUnitId;
  const s = summary.data;

  return (
    <Flex vertical gap={16}>
      <Card
        title={t("rt.results")}
        extra={
          <Space wrap>
            <SchemeSelect testid="results-scheme" items={schemes.data ?? []} value={schemeId} onChange={setSchemeId} />
            <OrgTreeSelect testid="results-unit" value={orgUnitId} onChange={setOrgUnitId} allowClear selectableLevels={["city", "district", "town"]} style={{ minWidth: 220 }} />
            {canRate && schemeId && rateUnit && <RateJobButton schemeId={schemeId} orgUnitId={rateUnit} label={t("rt.rateUnit")} />}
            {schemeId && (
              <Link to={`/public/rating/${schemeId}`} target="_blank">
                <Button data-testid="results-public">{t("rt.publicList")}</Button>
              </Link>
            )}
          </Space>
        }
      >
        {summary.error && <Empty description={errorMessage(summary.error)} />}
        {s && (
          <Row gutter={[16, 16]}>
            <Col xs={12} md={4}><Statistic title={t("rt.rated")} value={s.rated} valueStyle={{ color: "#c41d1d" }} /><span data-testid="results-rated" hidden>{s.rated}</span></Col>
            <Col xs={12} md={4}><Statistic title={t("rt.movement.up")} value={s.movement.up} valueStyle={{ color: "#389e0d" }} /></Col>
            <Col xs={12} md={4}><Statistic title={t("rt.movement.down")} value={s.movement.down} valueStyle={{ color: "#cf1322" }} /></Col>
            <Col xs={12} md={4}><Statistic title={t("rt.movement.same")} value={s.movement.same} /></Col>
            {s.byCategory.map((c) => (
              <Col key={c.category ?? "none"} xs={12} md={4}>
                <Statistic title={t("rt.catAvg", { cat: c.category ? t(`rt.cat.${c.category}`, { defaultValue: c.category }) : "—", n: c.count })} value={c.avgTotal} precision={1} />
              </Col>
            ))}
          </Row>
        )}
      </Card>
      {s && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}><Card title={t("rt.distribution")}><DistributionChart s={s} /></Card></Col>
          <Col xs={24} lg={12}><Card title={t("rt.movementChart", { year: s.year - 1 })}><MovementChart m={s.movement} /></Card></Col>
          <Col span={24}>
            <Card title={t("rt.byUnit")} extra={<span style={{ color: "#999" }}>{t("rt.heatGridNote")}</span>}>
              {s.byUnit.length ? <UnitHeatGrid s={s} /> : <Empty description={t("rt.pickUnitForGrid")} />}
            </Card>
          </Col>
        </Row>
      )}
      <Card>
        <Tabs
          items={[
            {
              key: "ranking",
              label: <span data-testid="tab-ranking">{t("rt.ranking")}</span>,
              children: (
                <>
                  <Space wrap style={{ marginBottom: 12 }}>
                    <Select allowClear data-testid="results-category" placeholder={t("rt.category")} style={{ width: 180 }} value={category} onChange={(c) => { setCategory(c); setPage(1); }} options={VILLAGE_CATEGORIES.map((c) => ({ value: c, label: t(`rt.cat.${c}`) }))} />
                    <Segmented value={movement} onChange={(v) => { setMovement(v as "all" | "up" | "down"); setPage(1); }} options={[{ value: "all", label: t("rt.all") }, { value: "up", label: t("rt.movement.up") }, { value: "down", label: t("rt.movement.down") }]} />
                  </Space>
                  <Table<ResultRow> data-testid="results-table" rowKey="subjectId" size="small" loading={list.isFetching} columns={columns} dataSource={list.data?.items ?? []} onRow={(r) => testId(`result-row-${r.name}`)} scroll={{ x: true }}
                    pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => t("common.total", { n }) }} />
                </>
              ),
            },
            {
              key: "rectify",
              label: <span data-testid="tab-rectify">{t("rt.rectification")}</span>,
              children: (
                <>
                  <Space wrap style={{ marginBottom: 12 }}>
                    {t("rt.rectifyMaxStars")} <InputNumber min={0} max={5} value={maxStars} onChange={(v) => setMaxStars(v ?? 1)} />
                    {t("rt.rectifyBottom")} <InputNumber min={0} max={50} value={bottom} onChange={(v) => setBottom(v ?? 5)} addonAfter="%" />
                  </Space>
                  <Table data-testid="rectification-table" rowKey="subjectId" size="small" loading={rect.isFetching} dataSource={rect.data?.items ?? []} scroll={{ x: true }}
                    columns={[...columns, { title: t("rt.because"), dataIndex: "because", render: (b: string) => <Tag color={b === "stars" ? "red" : "orange"}>{t(`rt.because.${b}`)}</Tag> }]} pagination={{ pageSize: 20 }} />
                </>
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
