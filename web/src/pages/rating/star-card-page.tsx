import { useState } from "react";
import { Card, Col, Descriptions, Empty, Flex, Progress, Result, Row, Select, Table, Tag, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { members, ratingResults } from "../../../../common/contract/index.js";
import type { StarCard } from "../../../../common/contract/rating-results.contract.js";
import { call } from "../../api/client.js";
import { useCan } from "../../auth/session.js";
import { errorMessage } from "../../shared/api-errors.js";
import { LedgerEntryForm } from "./ledger-entry-form.js";
import { ratingKeys } from "./rating-keys.js";
import { businessYear, StarTag } from "./rating-ui.js";

const REVIEW_COLOURS: Record<string, string> = { excellent: "green", qualified: "blue", basicallyQualified: "orange", unqualified: "red" };

/** A member's star card: points earned against each cap this year, deductions, and the 民主评议 grade beside (not merged). */
export function StarCardView({ card }: { card: StarCard }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={16} data-testid="star-card">
      <Card>
        <Descriptions column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label={t("rt.member")}>{card.name}</Descriptions.Item>
          <Descriptions.Item label={t("rt.branch")}>{card.partyOrgName}</Descriptions.Item>
          <Descriptions.Item label={t("rt.year")}>{card.year}</Descriptions.Item>
          <Descriptions.Item label={t("rt.memberCategory")}>
            <span data-testid="star-card-category">{t(`rt.memberCat.${card.category}`, { defaultValue: card.category })}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("rt.total")}>
            <span data-testid="star-card-total">{card.total ?? "—"}</span> {card.provisional && <Tag>{t("rt.provisionalShort")}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t("rt.stars")}>
            <StarTag grade={card.grade} stars={card.stars} testid="star-card-grade" />
            {card.disqualified && <Tag color="red">{t("rt.zeroed")}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t("rt.reviewGrade")}>
            <span data-testid="star-card-review">
              {card.probationary ? <Tag>{t("rt.probationaryUngraded")}</Tag> : card.reviewGrade ? <Tag color={REVIEW_COLOURS[card.reviewGrade]}>{t(`rt.review.${card.reviewGrade}`)}</Tag> : <Tag>{t("rt.review.none")}</Tag>}
            </span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t("rt.pointsAgainstCaps")}>
        <Row gutter={[16, 12]}>
          {card.lines.map((l) => (
            <Col key={l.indicator} xs={24} md={12} data-testid={`star-line-${l.indicator}`}>
              <Typography.Text strong>{l.name}</Typography.Text> {l.dimension && <Typography.Text type="secondary">({l.dimension})</Typography.Text>}
              {l.excluded ? (
                <div><Tag>{t("rt.exempt")}</Tag> <Typography.Text type="secondary">{l.reason || t("rt.exemptBecause", { cat: t(`rt.memberCat.${card.category}`, { defaultValue: card.category }) })}</Typography.Text></div>
              ) : (
                <>
                  <Progress percent={l.cap > 0 ? Math.round((Math.abs(l.points) / l.cap) * 100) : 0} status={l.negative ? "exception" : undefined} format={() => `${l.points} / ${l.negative ? "-" : ""}${l.cap}`} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{l.reason}</Typography.Text>
                </>
              )}
            </Col>
          ))}
        </Row>
      </Card>
      <Card title={t("rt.ledger")}>
        <Table
          rowKey="id"
          size="small"
          dataSource={card.ledger}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: t("rt.date"), dataIndex: "occurredOn" },
            { title: t("rt.ledgerKind"), dataIndex: "kind", render: (k: string) => t(`rt.ledgerKind.${k}`, { defaultValue: k }) },
            { title: t("rt.quantity"), dataIndex: "quantity" },
            { title: t("rt.note"), dataIndex: "note" },
            { title: t("rt.evidence"), dataIndex: "evidence", render: (e: string[]) => e.join("、") || "—" },
          ]}
        />
      </Card>
    </Flex>
  );
}

function YearPick({ year, onChange }: { year: number; onChange: (y: number) => void }) {
  const { t } = useTranslation();
  return <Select value={year} onChange={onChange} options={Array.from({ length: 4 }, (_v, i) => businessYear() - i).map((y) => ({ value: y, label: t("rt.yearN", { year: y }) }))} />;
}

/** /rating/me/stars — the signed-in member's own card. */
export function MyStarCardPage() {
  const { t } = useTranslation();
  const [year, setYear] = useState(businessYear());
  const q = useQuery({ queryKey: ratingKeys.starCard("me", year), queryFn: () => call(ratingResults.myStarCard, { query: { year } }) });
  return (
    <Card title={t("rt.myStars")} extra={<YearPick year={year} onChange={setYear} />} loading={q.isPending}>
      {q.error ? <Result status="info" subTitle={errorMessage(q.error)} /> : q.data && <StarCardView card={q.data} />}
    </Card>
  );
}

/** /rating/members and /rating/members/:id — pick a member in scope and show the card. */
export function MemberStarCardPage() {
  const { t } = useTranslation();
  const params = useParams();
  const canRead = useCan("party.read");
  const canManage = useCan("party.manage");
  const [memberId, setMemberId] = useState<string | undefined>(params.id);
  const [search, setSearch] = useState("");
  const [year, setYear] = useState(businessYear());
  const found = useQuery({ queryKey: ["rating", "member-search", search], queryFn: () => call(members.listMembers, { query: { q: search, page: 1, pageSize: 20 } }), enabled: canRead && search.length > 0 });
  const card = useQuery({ queryKey: ratingKeys.starCard(memberId ?? "", year), queryFn: () => call(ratingResults.memberStarCard, { params: { id: memberId ?? "" }, query: { year } }), enabled: !!memberId });
  return (
    <Card
      title={t("rt.memberStars")}
      extra={
        <Flex gap={8}>
          <Select
            showSearch
            data-testid="star-member-pick"
            style={{ width: 280 }}
            placeholder={t("rt.memberSearch")}
            filterOption={false}
            onSearch={(v) => setSearch(v.trim())}
            value={memberId}
            onChange={setMemberId}
            options={(found.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name} · ${m.partyOrgName}` }))}
          />
          <YearPick year={year} onChange={setYear} />
        </Flex>
      }
    >
      {!memberId && <Empty description={t("rt.memberPick")} />}
      {card.error && <Result status="warning" subTitle={errorMessage(card.error)} />}
      {card.data && canManage && memberId && (
        <Card size="small" title={t("rt.addLedger")} style={{ marginBottom: 16 }}>
          <LedgerEntryForm memberId={memberId} />
        </Card>
      )}
      {card.data && (
        <Link to={`/rating/branch-scores/${card.data.partyOrgId}?year=${year}`} data-testid="branch-scores-link" style={{ display: "inline-block", marginBottom: 12 }}>
          {t("ri.branchScoresLink")}
        </Link>
      )}
      {card.data && <StarCardView card={card.data} />}
    </Card>
  );
}
