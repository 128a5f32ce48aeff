import { useState } from "react";
import { Card, Flex, Input, Table, Tag, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { Link } from "react-router-dom";
import { useTranslation } from "react-i18next";
import type { PartyOrgView } from "../../../../common/contract/party.contract.js";
import { errorMessage } from "../../shared/api-errors.js";
import { usePartyOrgs } from "./party-queries.js";
import { DemoBadge } from "./demo-badge.js";

/** /party — the party organisations in my scope, searchable, each linking to its page. */
export function PartyOrgsPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const list = usePartyOrgs({ ...(q ? { q } : {}), page, pageSize });
  const columns: TableColumnsType<PartyOrgView> = [
    { title: t("partyUi.orgName"), key: "name", render: (_, o) => <Link to={`/party/orgs/${o.id}`} data-testid={`party-org-link-${o.divisionCode ?? o.id}`}>{o.name}</Link> },
    { title: t("partyUi.kind"), key: "kind", render: (_, o) => <Tag>{t(`party.kind.${o.kind}`)}</Tag> },
    { title: t("partyUi.orgUnit"), dataIndex: "orgUnitName", responsive: ["md"] },
    { title: t("partyUi.secretary"), key: "secretary", render: (_, o) => o.secretaryName ?? "—", responsive: ["lg"] },
    { title: t("partyUi.memberCount"), dataIndex: "memberCount", align: "right" },
  ];
  return (
    <Card
      title={
        <Flex gap={8} align="center">
          {t("partyUi.orgsTitle")}
          <DemoBadge />
        </Flex>
      }
      extra={<Input.Search allowClear placeholder={t("partyUi.searchOrgs")} data-testid="party-org-search" onSearch={(v) => { setQ(v.trim()); setPage(1); }} style={{ maxWidth: 260 }} />}
    >
      {list.error && <Typography.Text type="danger">{errorMessage(list.error)}</Typography.Text>}
      <Table
        rowKey="id"
        size="small"
        data-testid="party-orgs-table"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t("common.total", { n }) }}
      />
    </Card>
  );
}
