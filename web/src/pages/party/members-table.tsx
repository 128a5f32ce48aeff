import { useState } from "react";
import { Flex, Input, Table, Tag, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { Link } from "react-router-dom";
import { useTranslation } from "react-i18next";
import type { MemberSummary } from "../../../../common/contract/members.contract.js";
import { errorMessage } from "../../shared/api-errors.js";
import { useMembers } from "./party-queries.js";

/**
 * A party organisation's members, masked as the API gives them (ID and phone never leave the
 * server in full here). The search box takes a name, or a full ID number or mobile, which the
 * server matches by keyed hash.
 */
export function MembersTable({ partyOrgId }: { partyOrgId: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useMembers({ partyOrgId, ...(q ? { q } : {}), page, pageSize });
  const columns: TableColumnsType<MemberSummary> = [
    { title: t("partyUi.memberName"), key: "name", render: (_, m) => <Link to={`/party/members/${m.id}`} data-testid={`member-link-${m.id}`}>{m.name}</Link> },
    { title: t("field.gender"), key: "gender", render: (_, m) => t(`gender.${m.gender}`), responsive: ["sm"] },
    { title: t("field.idNumber"), dataIndex: "idMasked", render: (v: string | null) => <Typography.Text code>{v ?? "—"}</Typography.Text> },
    { title: t("field.phone"), dataIndex: "phoneMasked", render: (v: string | null) => v ?? "—", responsive: ["md"] },
    { title: t("field.joinedOn"), dataIndex: "joinedOn", responsive: ["md"] },
    {
      title: t("field.memberStatus"),
      key: "status",
      render: (_, m) => (
        <Flex gap={4} wrap>
          <Tag color={m.status === "full" ? "red" : "gold"}>{t(`member.status.${m.status}`)}</Tag>
          {m.mobileMember && <Tag color="blue">{t("partyUi.mobile")}</Tag>}
        </Flex>
      ),
    },
  ];
  return (
    <Flex vertical gap={12}>
      <Input.Search
        allowClear
        data-testid="member-search"
        placeholder={t("partyUi.searchMembers")}
        style={{ maxWidth: 320 }}
        onSearch={(v) => {
          setQ(v.trim());
          setPage(1);
        }}
      />
      {list.error && <Typography.Text type="danger">{errorMessage(list.error)}</Typography.Text>}
      <Table
        rowKey="id"
        size="small"
        data-testid="members-table"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showTotal: (n) => t("common.total", { n }),
          onChange: (p, s) => {
            setPage(s === pageSize ? p : 1);
            setPageSize(s);
          },
        }}
      />
    </Flex>
  );
}
