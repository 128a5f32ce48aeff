import { Card, Flex, Input, Result, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { ratingResults } from "../../../../common/contract/index.js";
import { call } from "../../api/client.js";
import { useLocale } from "../../i18n/index.js";
import { errorMessage } from "../../shared/api-errors.js";
import { formatDateTime } from "../../shared/format.js";
import { LanguageSwitch } from "../../layout/language-switch.js";
import { starsOf } from "./scheme-types.js";
import { StarTag } from "./rating-ui.js";

/** /public/rating/:id — 公示: villages and their stars, no sign-in, names of places only (no personal data). */
export function PublicStarsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { id = "" } = useParams();
  const [q, setQ] = useState("");
  const list = useQuery({ queryKey: ["public-stars", id], queryFn: () => call(ratingResults.publicStarList, { params: { id } }) });
  if (list.error) return <Result status="404" title={t("rt.publicNone")} subTitle={errorMessage(list.error)} />;
  const items = (list.data?.items ?? []).filter((r) => !q || r.village.includes(q) || r.town.includes(q));
  return (
    <Flex justify="center" style={{ padding: 24, background: "#f5f5f5", minHeight: "100vh" }}>
      <Card style={{ width: "100%", maxWidth: 960 }} title={<span data-testid="public-title">{list.data ? t("rt.publicTitle", { year: list.data.year, name: list.data.schemeName }) : t("common.loading")}</span>} extra={<LanguageSwitch />}>
        <Typography.Paragraph type="secondary">{t("rt.publicIntro")}</Typography.Paragraph>
        <Input.Search allowClear placeholder={t("rt.publicSearch")} onSearch={setQ} style={{ maxWidth: 320, marginBottom: 12 }} data-testid="public-search" />
        <Table
          data-testid="public-table"
          rowKey={(r) => `${r.town}-${r.village}`}
          size="small"
          loading={list.isPending}
          dataSource={items}
          pagination={{ pageSize: 50 }}
          columns={[
            { title: t("rt.town"), dataIndex: "town" },
            { title: t("rt.village"), dataIndex: "village" },
            { title: t("rt.total"), dataIndex: "total" },
            { title: t("rt.grade"), dataIndex: "grade", render: (g: string | null) => <StarTag grade={g} stars={starsOf(g)} /> },
            { title: t("common.status"), key: "st", render: (_v, r) => (r.final ? <Tag color="success">{t("rt.status.final")}</Tag> : <Tag color="gold">{t("rt.publicUntil", { at: r.publicityEndsAt ? formatDateTime(r.publicityEndsAt, locale) : "—" })}</Tag>) },
          ]}
        />
      </Card>
    </Flex>
  );
}
