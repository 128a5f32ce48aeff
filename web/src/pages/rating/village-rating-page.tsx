import { useMemo } from "react";
import { Button, Card, Col, Empty, Flex, Result, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from "antd";
import { useQueries, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { rating, ratingResults } from "../../../../common/contract/index.js";
import { call } from "../../api/client.js";
import { errorMessage } from "../../shared/api-errors.js";
import { asScoreResult } from "./breakdown-types.js";
import { BreakdownTable } from "./breakdown-table.js";
import { ratingKeys } from "./rating-keys.js";
import { asSchemeBody } from "./scheme-types.js";
import { AssessmentStatusTag, businessYear, StarTag } from "./rating-ui.js";
import { ASSESSMENT_STATUSES, type AssessmentStatus } from "../../../../common/rating.js";

const HISTORY_YEARS = 4;
const isStatus = (s: string | null): s is AssessmentStatus => s !== null && (ASSESSMENT_STATUSES as readonly string[]).includes(s);

/** /rating/villages/:id — a village's total, stars, rank, breakdown with the explanation drawer, and its history by year. */
export function VillageRatingPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const year = Number(search.get("year") ?? businessYear());
  const q = useQuery({ queryKey: ratingKeys.village(id, year), queryFn: () => call(ratingResults.villageRating, { params: { id }, query: { year, programme: "fortress" } }) });
  const years = Array.from({ length: HISTORY_YEARS }, (_v, i) => year - i);
  const history = useQueries({
    queries: years.map((y) => ({ queryKey: ratingKeys.village(id, y), queryFn: () => call(ratingResults.villageRating, { params: { id }, query: { year: y, programme: "fortress" } }) })),
  });

  // The breakdown names dimensions by code; the scheme gives their names.
  const schemeId = q.data?.schemeId ?? "";
  const scheme = useQuery({ queryKey: ratingKeys.scheme(schemeId), queryFn: () => call(rating.getScheme, { params: { id: schemeId } }), enabled: !!schemeId });
  const dimensionNames = useMemo(() => (scheme.data ? Object.fromEntries(asSchemeBody(scheme.data.body).dimensions.map((d) => [d.code, d.name])) : {}), [scheme.data]);

  if (q.error) return <Result status="warning" title={t("common.loadFailed")} subTitle={errorMessage(q.error)} />;
  const v = q.data;
  const result = asScoreResult(v?.result);
  const historyRows = history.flatMap((h) => (h.data && h.data.total !== null ? [h.data] : []));

  return (
    <Flex vertical gap={16}>
      <Card
        loading={q.isPending}
        title={
          <Space>
            <span data-testid="village-rating-name">{v?.name}</span>
            {v && isStatus(v.assessmentStatus) && <AssessmentStatusTag status={v.assessmentStatus} testid="village-rating-status" />}
            {v && v.total !== null && (
              <Tooltip title={t("rt.reproducedHint")}>
                <Tag color={v.reproduced ? "green" : "red"} data-testid="village-rating-reproduced">{t(v.reproduced ? "rt.reproduced" : "rt.notReproduced")}</Tag>
              </Tooltip>
            )}
          </Space>
        }
        extra={
          <Space>
            <Select
              data-testid="village-rating-year"
              value={year}
              onChange={(y) => setSearch({ year: String(y) })}
              options={Array.from({ length: 5 }, (_v, i) => businessYear() - i).map((y) => ({ value: y, label: t("rt.yearN", { year: y }) }))}
            />
            {v?.assessmentId && (
              <Link to={`/rating/assessments/${v.assessmentId}`}>
                <Button data-testid="village-rating-assessment">{t("rt.openAssessment")}</Button>
              </Link>
            )}
          </Space>
        }
      >
        {v && v.total === null ? (
          <Empty description={t("rt.notRatedYet", { year })} />
        ) : (
          v && (
            <Row gutter={16}>
              <Col xs={12} md={6}>
                <Statistic title={t("rt.total")} value={v.total ?? 0} precision={2} suffix={result ? `/ ${result.maxTotal}` : undefined} valueStyle={{ color: "#c41d1d" }} />
                <span data-testid="village-rating-total" hidden>{v.total}</span>
              </Col>
              <Col xs={12} md={6}>
                <Typography.Text type="secondary">{t("rt.grade")}</Typography.Text>
                <div style={{ fontSize: 20, marginTop: 4 }}>
                  <StarTag grade={v.grade} stars={v.stars} testid="village-rating-grade" />
                </div>
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t("rt.rankInCategory")} value={v.rankInCategory ?? "—"} suffix={v.categorySize ? `/ ${v.categorySize}` : undefined} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t("rt.previous", { year: year - 1 })} value={v.previous ? v.previous.total : "—"} suffix={v.previous?.grade ?? undefined} />
              </Col>
              {result?.provisional && (
                <Col span={24}>
                  <Typography.Text type="warning">{t("rt.provisional")}</Typography.Text>
                </Col>
              )}
            </Row>
          )
        )}
      </Card>
      {result && (
        <Card title={t("rt.breakdown")} extra={<Typography.Text type="secondary">{t("rt.breakdownHint")}</Typography.Text>}>
          <BreakdownTable result={result} explanations={v?.explanations ?? {}} dimensionNames={dimensionNames} testid="breakdown" />
        </Card>
      )}
      <Card title={t("rt.history")}>
        <Table
          data-testid="village-rating-history"
          rowKey="year"
          size="small"
          pagination={false}
          dataSource={historyRows}
          columns={[
            { title: t("rt.year"), dataIndex: "year", render: (y: number) => <a onClick={() => setSearch({ year: String(y) })}>{y}</a> },
            { title: t("rt.total"), dataIndex: "total" },
            { title: t("rt.grade"), key: "grade", render: (_v, r) => <StarTag grade={r.grade} stars={r.stars} /> },
            { title: t("rt.rankInCategory"), key: "rank", render: (_v, r) => (r.rankInCategory ? `${r.rankInCategory} / ${r.categorySize ?? "—"}` : "—") },
          ]}
        />
      </Card>
    </Flex>
  );
}
